// Who calls an admin endpoint, and what that caller may do (sync-api.md "Administration").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pt::server {

/// What a caller of the admin endpoints may do; each role includes the ones before it.
enum class Role {
    viewer,   ///< reads only
    planner,  ///< also orders (their inheritance and named partners), work steps, processes,
              ///< reasons
    admin,    ///< everything
};
[[nodiscard]] std::string_view name_of(Role role);
[[nodiscard]] std::optional<Role> role_from_name(std::string_view name);

/// The bootstrap `--admin-token`'s name in the audit log; no named token may take it.
inline constexpr std::string_view kBootstrapActor = "admin-token";

/// Who calls: a token's name (the bootstrap `--admin-token` is kBootstrapActor) and its role.
struct Actor {
    std::string name;
    Role role = Role::viewer;
};

}  // namespace pt::server
