#include <utility>

#include "ui/screens/screens.h"

namespace pt::ui {
namespace {

template <std::size_t... row>
ScreenSet make_all(std::index_sequence<row...>) {
    return {make_screen<static_cast<app::Screen>(row)>()...};
}

}  // namespace

ScreenSet make_screens() {
    return make_all(std::make_index_sequence<app::kScreenCount>());
}

}  // namespace pt::ui
