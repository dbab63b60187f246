// Each operator's language at this terminal (issue 17): remembered, replaced, kept across a
// restart, one operator's choice never another's.
#include "sync/store/operator_languages.h"

#include <doctest/doctest.h>

#include "sync/store/store_error.h"
#include "tests/store/store_fixture.h"

using namespace pt::store;
using namespace pt::store::testing;

TEST_CASE("an operator's language is remembered, replaced and kept across a restart") {
    StoreFixture f;
    {
        const auto db = f.open();
        OperatorLanguages languages(*db);
        CHECK_FALSE(languages.of("OP1").has_value());
        languages.remember("OP1", "de");
        languages.remember("OP2", "en");
        languages.remember("OP1", "en");
        CHECK(languages.of("OP1") == "en");
        CHECK_THROWS_AS(languages.remember("", "de"), StoreError);
        CHECK_THROWS_AS(languages.remember("OP3", ""), StoreError);
    }
    const auto db = f.open();
    OperatorLanguages languages(*db);
    CHECK(languages.of("OP1") == "en");
    CHECK(languages.of("OP2") == "en");
    CHECK_FALSE(languages.of("OP3").has_value());
}
