#include "ui/touch_targets.h"

namespace pt::ui {

void TouchTargets::add(std::string_view id, std::string_view label, float x, float y, float w,
                       float h, bool enabled) {
    if (w <= 0 || h <= 0) return;
    if (count_ == targets_.size()) targets_.emplace_back();
    TouchTarget& target = targets_[count_++];
    target.id.assign(id);  // reuses the string's capacity: no allocation once warmed up
    target.label.assign(label);
    target.x = x;
    target.y = y;
    target.w = w;
    target.h = h;
    target.enabled = enabled;
}

}  // namespace pt::ui
