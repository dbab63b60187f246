// Translations (product.md §3: English and German; adding a language is adding a file). A
// language is one TOML file `<dir>/<code>.toml` of tables of strings, flattened to dotted keys
// (`[login] scan_badge = "…"` is `login.scan_badge`). Lookups never allocate, so an idle frame
// stays allocation-free (style.md §6).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pt::ui {

/// A translation file that cannot be used; what() names the file and the key.
class TranslationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Translations {
public:
    /// No strings: every lookup returns its key.
    Translations() = default;
    /// Loads `<dir>/<language>.toml` over `<dir>/en.toml` (English fills what the language
    /// lacks). Throws TranslationError for a missing, malformed or non-string file.
    static Translations load(const std::filesystem::path& dir, std::string_view language);
    /// Parses one file's text over the strings already held; `source` names it in errors.
    void merge(std::string_view toml_text, std::string_view source);

    /// The text for `key`, or the key itself when there is none (visible, never a crash).
    /// The pointer stays valid as long as this object. Never allocates.
    [[nodiscard]] const char* operator()(std::string_view key) const;
    /// Whether `key` has a text.
    [[nodiscard]] bool has(std::string_view key) const;
    /// Every key, sorted (tests compare languages).
    [[nodiscard]] std::vector<std::string> keys() const;
    /// The language code loaded ("en", "de").
    [[nodiscard]] const std::string& language() const noexcept { return language_; }
    /// The languages found in `dir` (file names without .toml), sorted.
    [[nodiscard]] static std::vector<std::string> available(const std::filesystem::path& dir);

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, std::string, Hash, std::equal_to<>> texts_;
    std::string language_;
    // Keys looked up without a text: returned as-is, kept here so the pointer stays valid.
    mutable std::unordered_map<std::string, std::string, Hash, std::equal_to<>> missing_;
};

/// Replaces `{}` placeholders in order with `args` (missing ones stay `{}`).
[[nodiscard]] std::string format_text(std::string_view pattern,
                                      std::initializer_list<std::string_view> args);

}  // namespace pt::ui
