// The administrator's console (issue 16) in a real headless Chromium against the real
// plan-server, with the real kiosk under Xvfb on the same server: sign-in per role and the
// role refusals, a partner and operator made in the console whose badge then logs in at the
// kiosk, HTML in names shown as text, columns changed in the console and the kiosk's table
// following, a preview that lists a loss before anything is saved, a terminal revoked in the
// console and the kiosk saying so, and the printed provisioning barcode read back from the
// browser's screen (a QR code, read by zbarimg) and accepted by a new kiosk's set-up screen.
// Screenshots of every page at 1366×768 and 1920×1080 go to <screenshots>/console/.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/e2e/kiosk_fixture.h"
#include "tests/support/temp_dir.h"
#include "tests/support/webdriver.h"

namespace pt::e2e {
namespace {

constexpr const char* kPassword = "a console password";
constexpr const char* kEnter = "\xEE\x80\x87";  // WebDriver's Enter key (U+E007)

const std::vector<std::string> kPages = {"partners",   "resources", "orders",
                                         "work-steps", "processes", "settings",
                                         "see-as",     "terminals", "reports"};

KioskOptions console_kiosk(std::string name, bool provisioned = true) {
    KioskOptions options;
    options.name = std::move(name);
    options.wedge_scans = false;
    options.provisioned = provisioned;
    options.server_args = {"--console", PT_CONSOLE_SOURCE_DIR};
    return options;
}

/// `plan-server user add NAME --role ROLE` on the kiosk's server's database; the running server
/// sees the user within a second.
void add_user(const KioskFixture& kiosk, const std::string& name, const std::string& role) {
    const std::string command = std::string(PLAN_SERVER_BIN) + " user add " + name + " --role " +
                                role + " --db '" + kiosk.server_database().string() + "'";
    FILE* pipe = ::popen(command.c_str(), "w");
    REQUIRE(pipe != nullptr);
    std::fprintf(pipe, "%s\n", kPassword);
    REQUIRE(::pclose(pipe) == 0);
}

/// The console in one browser, signed in as one user at a time.
class Console {
public:
    Console(KioskFixture& kiosk, std::string name)
        : kiosk_(kiosk),
          logs_("pt-console-"),
          browser_(1366, 768, logs_.path()),
          shots_(std::filesystem::path(PT_E2E_SCREENSHOT_DIR) / "console" / std::move(name)) {}

    test::Browser& browser() { return browser_; }

    void sign_in(const std::string& name) {
        browser_.go(kiosk_.server_url("/console/"));
        wait_ready("sign-in");
        browser_.type(browser_.find("input[name=name]"), name);
        browser_.type(browser_.find("input[name=password]"), std::string(kPassword) + kEnter);
        browser_.wait_for("the console after sign-in",
                          "return !document.getElementById('top').hidden && "
                          "document.body.dataset.ready === 'partners'");
    }
    void sign_out() {
        browser_.click(browser_.find_with_text("#account button", "Sign out"));
        wait_ready("sign-in");
    }
    void open(const std::string& page, const std::string& query = "") {
        browser_.go(kiosk_.server_url("/console/#/" + page + query));
        wait_ready(page);
    }
    void wait_ready(const std::string& page) {
        browser_.wait_for("page " + page + " ready",
                          "return document.body.dataset.ready === '" + page + "'",
                          std::chrono::seconds(20));
    }
    std::filesystem::path shot(const std::string& step) {
        std::ostringstream name;
        ++shot_number_;
        name << (shot_number_ < 10 ? "0" : "") << shot_number_ << "-" << step << ".png";
        return browser_.screenshot(shots_ / size_ / name.str());
    }
    void set_size(int width, int height) {
        browser_.resize(width, height);
        size_ = std::to_string(width) + "x" + std::to_string(height);
    }
    /// Waits for the preview dialog to have its answer; returns its text.
    std::string preview_text() {
        browser_.wait_for("the preview's answer",
                          "const d = document.querySelector('dialog.preview-dialog');"
                          "return d && !d.querySelector('.loading') && "
                          "(!d.querySelector('.buttons button').disabled || "
                          "!d.querySelector('.error').hidden)");
        return browser_.text(browser_.find("dialog.preview-dialog"));
    }
    void preview_save() {
        browser_.click(browser_.find_with_text("dialog.preview-dialog .buttons button", "Save"));
        browser_.wait_for("the dialog to close",
                          "return !document.querySelector('dialog.preview-dialog')");
    }
    void preview_cancel() {
        browser_.click(browser_.find_with_text("dialog.preview-dialog .buttons button", "Cancel"));
        browser_.wait_for("the dialog to close",
                          "return !document.querySelector('dialog.preview-dialog')");
    }
    /// Status of `fetch(path)` with `method` from the page, with the session's CSRF token when
    /// `with_csrf`.
    int fetch_status(const std::string& method, const std::string& path, bool with_csrf) {
        return browser_
            .run_async(
                "const [method, path, withCsrf, done] = arguments;"
                "fetch('/console/api/me').then(r => r.ok ? r.json() : {csrf: ''}).then(me => "
                "fetch(path, {method, headers: Object.assign({'Content-Type': "
                "'application/json'}, withCsrf ? {'X-CSRF-Token': me.csrf} : {}), "
                "body: method === 'GET' ? undefined : JSON.stringify({name: 'Changed'})}))"
                ".then(r => done(r.status), () => done(-1));",
                nlohmann::json::array({method, path, with_csrf}))
            .get<int>();
    }

private:
    KioskFixture& kiosk_;
    test::TempDir logs_;
    test::Browser browser_;
    std::filesystem::path shots_;
    std::string size_ = "1366x768";
    int shot_number_ = 0;
};

/// zbarimg's reading of the barcodes in a PNG: `TYPE:TEXT` lines.
std::string read_barcodes(const std::filesystem::path& png) {
    FILE* pipe = ::popen(("zbarimg --quiet '" + png.string() + "' 2>/dev/null").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr)
        out += buffer;
    ::pclose(pipe);
    return out;
}

}  // namespace

TEST_CASE(
    "console: roles, a partner whose badge logs in at the kiosk, columns the kiosk follows, "
    "a previewed loss, a revoked terminal; every page at two sizes") {
    KioskFixture kiosk(console_kiosk("console"));
    add_user(kiosk, "ada", "admin");
    add_user(kiosk, "pia", "planner");
    add_user(kiosk, "vic", "viewer");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    Console console(kiosk, "roles");
    auto& browser = console.browser();

    // Without a session: the sign-in page, and no data.
    browser.go(kiosk.server_url("/console/"));
    console.wait_ready("sign-in");
    console.shot("sign-in");
    CHECK(console.fetch_status("GET", "/admin/v1/partners", false) == 401);

    // A viewer reads, changes nothing: no forms, and the server refuses what the page hides.
    console.sign_in("vic");
    CHECK(browser.text(browser.find("#account .who")).find("viewer") != std::string::npos);
    CHECK(browser.find_all("details summary").empty());  // no "New partner", no "Change…"
    CHECK(console.fetch_status("PATCH", "/admin/v1/partners/P1", true) == 403);
    console.sign_out();
    // A planner changes orders, not partners; without the CSRF token nothing at all.
    console.sign_in("pia");
    CHECK(console.fetch_status("PATCH", "/admin/v1/partners/P1", true) == 403);
    CHECK(console.fetch_status("PATCH", "/admin/v1/orders/O001", false) == 403);
    console.open("orders");
    CHECK(browser.appears("details.panel summary"));  // "New order"
    console.sign_out();
    // After sign-out the old session is gone.
    CHECK(console.fetch_status("GET", "/admin/v1/partners", false) == 401);

    console.sign_in("ada");
    {
        // A partner whose name holds markup, and an operator whose badge is scanned into the
        // field (a keyboard wedge ends with Enter, which must not submit the form).
        const std::string hostile = "<img src=x onerror=\"window.__pwned=1\">Nordlack";
        browser.click(browser.find_with_text("details.panel summary", "New partner"));
        browser.type(browser.find("details.panel input[name=id]"), "P9");
        browser.type(browser.find("details.panel input[name=name]"), hostile);
        browser.click(browser.find_with_text("details.panel button", "Create partner"));
        const std::string preview = console.preview_text();
        CHECK(preview.find("Create partner " + hostile) != std::string::npos);
        console.preview_save();
        console.wait_ready("partners");
        const auto heading = browser.find("h2#partner-P9");
        CHECK(browser.text(heading).find(hostile) != std::string::npos);  // shown as text
        CHECK(browser.find_all("main img").empty());
        CHECK(browser.run("return window.__pwned === undefined").get<bool>());

        browser.click(browser.find_with_text("section.partner summary", "New operator of <img"));
        const std::string form = "section.partner details.subpanel ";
        browser.type(browser.find(form + "input[name=id]"), "OP90");
        browser.type(browser.find(form + "input[name=name]"), "Nina Nord");
        browser.type(browser.find(form + "input[name=badge]"), std::string("B-9001") + kEnter);
        CHECK_FALSE(browser.appears("dialog.preview-dialog", std::chrono::milliseconds(300)));
        browser.click(browser.find_with_text(form + "button", "Create operator"));
        (void)console.preview_text();
        console.shot("partners-create-operator-preview");
        console.preview_save();
        console.wait_ready("partners");
        CHECK(browser.text(browser.find("section.partner table")).find("Nina Nord") !=
              std::string::npos);
        // The new partner's own machine: an external resource linked to it with the picker (a
        // name typed, the suggestion taken); the preview lists what it gains.
        std::string machine;
        const json before_link = kiosk.admin("GET", "/admin/v1/resources");
        for (const json& r : before_link["resources"]) {
            if (r.at("external").get<bool>() && r.at("partner_ids").empty()) {
                machine = r.at("id").get<std::string>();
                break;
            }
        }
        if (machine.empty()) {
            machine = "R-NORD";
            kiosk.admin("POST", "/admin/v1/resources",
                        json{{"id", machine},
                             {"name", "Lackierkabine Nord"},
                             {"external", true},
                             {"partner_ids", json::array()}});
            const json open_steps = kiosk.admin("GET", "/admin/v1/work_steps?status=open&limit=1");
            const json& step = open_steps["work_steps"][0];
            kiosk.admin("PATCH", "/admin/v1/work_steps/" + step.at("id").get<std::string>(),
                        json{{"resource_id", machine}});
        }
        console.open("resources", "?resource=" + machine);
        const std::string row = "form.resource-row[data-resource-id='" + machine + "'] ";
        browser.type(browser.find(row + "fieldset.picker input[type=search]"), "Nordlack");
        browser.click(browser.find(row + "ul.suggestions button[data-partner-id=P9]"));
        browser.click(browser.find(row + "button[type=submit]"));
        const std::string gains = console.preview_text();
        CHECK(gains.find("Partners only gain") != std::string::npos);
        CHECK(gains.find("Nordlack") != std::string::npos);
        console.shot("resources-link-preview-gain");
        console.preview_save();
        const json status = kiosk.log_in_as("B-9001", "OP90");
        CHECK(status.value("partner_id", "") == "P9");
        CHECK(status.value("operator_id", "") == "OP90");
        kiosk.screenshot("console-made-operator-logged-in");
        kiosk.log_out();
    }
    {
        // Columns: the sample beside them follows at once; after saving, the kiosk's table.
        kiosk.log_in(badge::p1_anna);
        kiosk.tap("nav.workbench_classic");
        kiosk.wait_target("classic.sort.article");
        console.open("settings");
        browser.wait_for("the sample", "return document.querySelector('.sample table')");
        const auto sample_has_article = [&] {
            return browser.text(browser.find(".sample table thead")).find("Article") !=
                   std::string::npos;
        };
        CHECK(sample_has_article());
        browser.click(browser.find("input[name=step_column][value=article]"));
        CHECK_FALSE(sample_has_article());
        console.shot("settings-columns-sample");
        browser.click(browser.find_with_text("button", "Save columns"));
        (void)console.preview_text();
        console.preview_save();
        // The columns come with a login (sync-api.md: the session response): the next login
        // at the kiosk shows the table without the article.
        kiosk.log_out();
        kiosk.log_in(badge::p1_anna);
        kiosk.tap("nav.workbench_classic");
        kiosk.wait_target("classic.sort.operation");
        CHECK_FALSE(kiosk.has_target("classic.sort.article"));
        kiosk.screenshot("console-columns-without-article");
    }
    {
        // A preview that lists a loss: P1's link to one of its resources taken away. Cancelled,
        // so nothing changes.
        std::string resource;
        const json resources = kiosk.admin("GET", "/admin/v1/resources");
        for (const json& r : resources["resources"]) {
            if (r["partner_ids"].dump().find("\"P1\"") != std::string::npos) {
                resource = r.at("id").get<std::string>();
                break;
            }
        }
        REQUIRE(!resource.empty());
        console.open("resources", "?resource=" + resource);
        const std::string row = "form.resource-row[data-resource-id='" + resource + "'] ";
        browser.click(browser.find(row + "button.chip-remove[data-partner-id=P1]"));
        browser.click(browser.find(row + "button[type=submit]"));
        const std::string preview = console.preview_text();
        CHECK(preview.find("would lose something") != std::string::npos);
        CHECK(browser.text(browser.find("dialog.preview-dialog tr.loses th"))
                  .find("Rheinland Coating GmbH") != std::string::npos);
        console.shot("resources-preview-loss");
        console.preview_cancel();
        const json dataset = kiosk.admin("GET", "/admin/v1/resources");
        bool still_linked = false;
        for (const json& r : dataset["resources"]) {
            if (r["id"] == resource)
                still_linked = r["partner_ids"].dump().find("\"P1\"") != std::string::npos;
        }
        CHECK(still_linked);
    }
    {
        // Every page, at both sizes.
        for (const auto& [width, height] : {std::pair{1366, 768}, std::pair{1920, 1080}}) {
            console.set_size(width, height);
            for (const std::string& page : kPages) {
                console.open(page);
                console.shot(page);
            }
            console.open("reports", "?kind=refusals");
            console.shot("reports-refusals");
            console.open("reports", "?kind=audit");
            console.shot("reports-audit");
            console.open("see-as", "?partner=P1&as=table");
            console.shot("see-as-table");
        }
        // The audit log names the console's user.
        console.open("reports", "?kind=audit");
        CHECK(browser.text(browser.find("main table")).find("ada") != std::string::npos);
    }
    {
        // Revoke the kiosk's terminal: the kiosk says so.
        const std::string terminal = kiosk.terminal_id();
        console.open("terminals");
        const std::string row = "tr[data-terminal-id='" + terminal + "'] ";
        browser.click(browser.find(row + "details summary"));
        browser.click(browser.find_with_text(row + "button", "Revoke"));
        CHECK(console.preview_text().find("The terminal stops working") != std::string::npos);
        console.preview_save();
        console.wait_ready("terminals");
        CHECK(browser.text(browser.find(row)).find("revoked") != std::string::npos);
        // The operator's session ends with the terminal's token; the next sync asks with the
        // terminal's own token at once, and the screen says the terminal is refused.
        kiosk.sync_now();
        kiosk.wait_status("the session ended with the revoked token",
                          [](const json& s) { return s.value("session", "") == "logged_out"; });
        kiosk.sync_now();
        kiosk.wait_status("the kiosk hears it was revoked",
                          [](const json& s) { return s.value("terminal_revoked", false); });
        kiosk.screenshot("console-revoked");
    }
}

TEST_CASE(
    "console: the printed provisioning barcode, read back from the screen, sets up a new "
    "kiosk") {
    KioskFixture kiosk(console_kiosk("console-provisioning", false));
    add_user(kiosk, "ada", "admin");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    Console console(kiosk, "provisioning");
    auto& browser = console.browser();
    console.sign_in("ada");
    console.open("terminals");
    browser.click(browser.find_with_text("button", "New code"));
    CHECK(console.preview_text().find("hand it only to the technician") != std::string::npos);
    console.preview_save();
    console.wait_ready("terminals");
    browser.click(browser.find_with_text("a.button", "Provisioning barcode"));
    browser.wait_for("the barcode image",
                     "const i = document.querySelector('img.barcode');"
                     "return i && i.complete && i.naturalWidth > 0");
    const std::string shown = browser.text(browser.find(".barcode-text"));
    CHECK(shown.starts_with("PTPROV1;server_url=" + kiosk.server_url("")));
    const std::string read = read_barcodes(console.shot("print-qr"));
    INFO("zbarimg read: " << read);
    CHECK(read.find("QR-Code:" + shown) != std::string::npos);
    const std::size_t symbol = read.find("QR-Code:");
    REQUIRE(symbol != std::string::npos);
    const std::string line = read.substr(symbol + 8, read.find('\n', symbol) - symbol - 8);
    CHECK(line == shown);
    const std::string& decoded_text = line;
    kiosk.scan_ctl(decoded_text);
    // While the app restarts itself as the kiosk its control socket is briefly gone.
    kiosk.wait_until("the kiosk enrolled from the printed barcode", [&] {
        const auto s = kiosk.try_status();
        return s && s->value("screen", "") == "login" && s->value("enrolled", false);
    });
    CHECK(kiosk.admin("GET", "/admin/v1/terminals")["terminals"].size() == 1);
    kiosk.screenshot("enrolled-from-console-barcode");
}

}  // namespace pt::e2e
