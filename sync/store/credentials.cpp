#include "sync/store/credentials.h"

#include "sync/store/db_impl.h"

namespace pt::store {

void Credentials::save(const TerminalCredentials& credentials) {
    if (credentials.terminal_id.empty() || credentials.token.empty()) {
        throw detail::misuse("saving credentials: the terminal id and the token must be set");
    }
    auto& impl = db_.impl();
    detail::guarded(impl, "saving the terminal credentials", [&] {
        SQLite::Statement upsert(impl.db,
                                 "INSERT OR REPLACE INTO credentials (singleton, terminal_id, "
                                 "token, saved_at) VALUES (1, ?, ?, ?)");
        upsert.bind(1, credentials.terminal_id);
        upsert.bind(2, credentials.token);
        upsert.bind(3, detail::to_millis(impl.clock()));
        upsert.exec();
    });
}

std::optional<TerminalCredentials> Credentials::load() const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading the terminal credentials", [&] {
        SQLite::Statement query(impl.db,
                                "SELECT terminal_id, token FROM credentials WHERE singleton = 1");
        std::optional<TerminalCredentials> credentials;
        if (query.executeStep()) {
            credentials =
                TerminalCredentials{query.getColumn(0).getString(), query.getColumn(1).getString()};
        }
        return credentials;
    });
}

void Credentials::clear() {
    auto& impl = db_.impl();
    detail::guarded(impl, "clearing the terminal credentials",
                    [&] { impl.db.exec("DELETE FROM credentials"); });
}

}  // namespace pt::store
