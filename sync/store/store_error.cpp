#include "sync/store/store_error.h"

namespace pt::store {

std::string_view name_of(StoreErrorKind kind) {
    switch (kind) {
        case StoreErrorKind::disk_full:
            return "disk_full";
        case StoreErrorKind::io:
            return "io";
        case StoreErrorKind::corrupt:
            return "corrupt";
        case StoreErrorKind::too_new:
            return "too_new";
        case StoreErrorKind::busy:
            return "busy";
        case StoreErrorKind::other:
            break;
    }
    return "other";
}

StoreError::StoreError(StoreErrorKind kind, const std::string& message)
    : std::runtime_error(message), kind_(kind) {}

}  // namespace pt::store
