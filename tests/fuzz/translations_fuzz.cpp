// A translation file (adding a language is adding a file, so it may come from anyone): merged,
// or refused with TranslationError; every key it loaded is then looked up.
#include <cstdlib>
#include <cstring>

#include "tests/fuzz/fuzz_input.h"
#include "ui/i18n.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    pt::ui::Translations texts;
    try {
        texts.merge(pt::fuzz::as_text(data, size), "fuzz.toml");
    } catch (const pt::ui::TranslationError&) {
        return 0;
    }
    for (const std::string& key : texts.keys()) {
        if (!texts.has(key) || texts(key) == nullptr) std::abort();
    }
    (void)texts("no.such.key");
    return 0;
}
