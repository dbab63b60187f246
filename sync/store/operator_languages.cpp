#include "sync/store/operator_languages.h"

#include "sync/store/db_impl.h"

namespace pt::store {

void OperatorLanguages::remember(std::string_view operator_id, std::string_view language) {
    if (operator_id.empty() || language.empty()) {
        throw detail::misuse("remembering a language: the operator id and language must be set");
    }
    auto& impl = db_.impl();
    detail::guarded(impl, "remembering the operator's language", [&] {
        SQLite::Statement upsert(impl.db,
                                 "INSERT OR REPLACE INTO operator_languages (operator_id, "
                                 "language) VALUES (?, ?)");
        detail::bind_text(upsert, 1, operator_id);
        detail::bind_text(upsert, 2, language);
        upsert.exec();
    });
}

std::optional<std::string> OperatorLanguages::of(std::string_view operator_id) const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading the operator's language", [&] {
        SQLite::Statement query(impl.db,
                                "SELECT language FROM operator_languages WHERE operator_id = ?");
        detail::bind_text(query, 1, operator_id);
        std::optional<std::string> language;
        if (query.executeStep()) language = query.getColumn(0).getString();
        return language;
    });
}

}  // namespace pt::store
