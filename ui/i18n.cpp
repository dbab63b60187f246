#include "ui/i18n.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace pt::ui {
namespace {

void flatten(const toml::table& table, const std::string& prefix, std::string_view source,
             std::unordered_map<std::string, std::string>& out) {
    for (const auto& [key, node] : table) {
        const std::string name =
            prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        if (const auto* sub = node.as_table()) {
            flatten(*sub, name, source, out);
        } else if (const auto* text = node.as_string()) {
            out[name] = text->get();
        } else {
            throw TranslationError(std::string(source) + ": key '" + name + "' is not a string");
        }
    }
}

}  // namespace

Translations Translations::load(const std::filesystem::path& dir, std::string_view language) {
    Translations result;
    const auto read = [&](std::string_view code) {
        const auto file = dir / (std::string(code) + ".toml");
        std::ifstream in(file);
        if (!in) throw TranslationError(file.string() + ": cannot read the translation file");
        std::stringstream text;
        text << in.rdbuf();
        result.merge(text.str(), file.string());
    };
    read("en");
    if (language != "en") read(language);
    result.language_ = std::string(language);
    return result;
}

void Translations::merge(std::string_view toml_text, std::string_view source) {
    toml::table table;
    try {
        table = toml::parse(toml_text, source);
    } catch (const toml::parse_error& error) {
        std::ostringstream message;
        message << source << ":" << error.source().begin.line << ":" << error.source().begin.column
                << ": " << error.description();
        throw TranslationError(message.str());
    }
    std::unordered_map<std::string, std::string> flat;
    flatten(table, "", source, flat);
    for (auto& [key, text] : flat)
        texts_.insert_or_assign(key, std::move(text));
}

const char* Translations::operator()(std::string_view key) const {
    if (const auto found = texts_.find(key); found != texts_.end()) return found->second.c_str();
    auto found = missing_.find(key);
    if (found == missing_.end()) found = missing_.emplace(std::string(key), std::string(key)).first;
    return found->second.c_str();
}

bool Translations::has(std::string_view key) const {
    return texts_.find(key) != texts_.end();
}

std::vector<std::string> Translations::keys() const {
    std::vector<std::string> keys;
    keys.reserve(texts_.size());
    for (const auto& [key, text] : texts_)
        keys.push_back(key);
    std::sort(keys.begin(), keys.end());
    return keys;
}

std::vector<std::string> Translations::available(const std::filesystem::path& dir) {
    std::vector<std::string> codes;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        if (entry.path().extension() == ".toml") codes.push_back(entry.path().stem().string());
    }
    std::sort(codes.begin(), codes.end());
    return codes;
}

std::string format_text(std::string_view pattern, std::initializer_list<std::string_view> args) {
    std::string out;
    out.reserve(pattern.size() + 16);
    auto next = args.begin();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' &&
            next != args.end()) {
            out += *next++;
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

}  // namespace pt::ui
