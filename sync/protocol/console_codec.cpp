// The console's own documents (issue 16): sign-in and the signed-in user.
#include "sync/protocol/json_read.h"
#include "sync/protocol/json_write.h"
#include "sync/protocol/limits.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {

/// The longest password a user may have (console_users.h says the same to the `user` command).
constexpr std::size_t kMaxConsolePasswordBytes = 1024;

ConsoleSignIn decode_console_sign_in(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        ConsoleSignIn request;
        request.name = object.get("name", read_string);
        if (!is_valid_id(request.name)) {
            fail(Path(root, "name"), "expected a name of 1 to " + std::to_string(kMaxIdLength) +
                                         " characters A-Z a-z 0-9 . _ : -");
        }
        request.password = object.get("password", read_string);
        if (request.password.size() > kMaxConsolePasswordBytes) {
            fail(Path(root, "password"),
                 "longer than " + std::to_string(kMaxConsolePasswordBytes) + " bytes");
        }
        return request;
    });
}

std::string encode_console_session(const ConsoleSession& session) {
    return detail::dump(
        detail::Json{{"name", session.name}, {"role", session.role}, {"csrf", session.csrf}});
}

}  // namespace pt::protocol
