#include "sync/store/sodium_init.h"

#include <sodium.h>

#include "sync/store/store_error.h"

namespace pt::store::detail {

void ensure_sodium() {
    // sodium_init() is thread-safe and returns 1 when already done; the static runs it once.
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw StoreError(StoreErrorKind::other, "libsodium could not initialise");
}

}  // namespace pt::store::detail
