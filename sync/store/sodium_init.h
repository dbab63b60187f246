// Internal to terminal::store: libsodium must be initialised once before use.
#pragma once

namespace pt::store::detail {

/// Initialises libsodium (thread-safe, idempotent); throws StoreError(other) when it cannot.
void ensure_sodium();

}  // namespace pt::store::detail
