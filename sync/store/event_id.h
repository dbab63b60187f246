// Event ids (sync-api.md POST /events: "id": "uuid"): random, so two terminals never collide and
// the server can store each event exactly once however often it is retried.
#pragma once

#include <string>
#include <string_view>

namespace pt::store {

/// A random UUID version 4 from libsodium's CSPRNG, lowercase: `xxxxxxxx-xxxx-4xxx-yxxx-…`.
/// Throws StoreError(other) only when libsodium cannot initialise.
[[nodiscard]] std::string new_event_id();

/// True for the shape new_event_id() produces (36 characters, version 4, RFC 4122 variant).
[[nodiscard]] bool is_event_id(std::string_view text);

}  // namespace pt::store
