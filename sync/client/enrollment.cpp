#include "sync/client/enrollment.h"

#include <string>

#include "sync/store/store_error.h"

namespace pt::client {

ApiResult<store::TerminalCredentials> enroll_terminal(store::TerminalDb& db, SyncApiClient& api,
                                                      std::string_view code,
                                                      std::string_view name) {
    auto result = api.enroll(protocol::EnrollRequest{std::string(code), std::string(name)});
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
