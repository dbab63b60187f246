#include "sync/client/enrollment.h"

#include <optional>
#include <string>
#include <utility>

#include "sync/store/store_error.h"

namespace pt::client {

ApiResult<store::TerminalCredentials> enroll_terminal(store::TerminalDb& db, SyncApiClient& api,
                                                      std::string_view code,
                                                      std::string_view name) {
    // A terminal enrolled before proves with its token that it is the same one: the server then
    // keeps its id, so the reports in its outbox still match the logins made under that id (R13).
    std::optional<std::string> previous_token;
    if (const auto existing = store::Credentials(db).load()) previous_token = existing->token;
    auto result = api.enroll(
        protocol::EnrollRequest{std::string(code), std::string(name), std::move(previous_token)});
    if (!result.ok()) return result.error();
    store::TerminalCredentials credentials{result.value().terminal_id, result.value().token};
    try {
        store::Credentials(db).save(credentials);
    } catch (const store::StoreError& error) {
        throw store::StoreError(error.kind(),
                                std::string("enrolled, but the credentials could not be saved "
                                            "(the code is spent; ask for a new one): ") +
                                    error.what());
    }
    return credentials;
}

}  // namespace pt::client
