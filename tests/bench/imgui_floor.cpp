// imgui_floor: the floor for issue #4's UI figures. A bare GLFW + Dear ImGui window with one
// clipped 10,000-row table and nothing else, so that partner-terminal's own start time, CPU per
// frame and memory can be read against what GLFW, Mesa and ImGui cost on their own.
// Not a ctest test; tests/bench/ui_bench_references.sh runs it under Xvfb.
//
//   imgui_floor [--size WxH] [--frames N] [--hold] [--t0-ns NS]
//
// --frames N  draw N frames back to back (no vsync), then print one JSON line.
// --hold      after the frames (3 if --frames is not given), print the JSON line and stay open,
//             redrawing only on input, until SIGTERM ends the process (default disposition):
//             the caller measures idle CPU and PSS from outside.
// --t0-ns NS  the caller's CLOCK_REALTIME in ns taken just before exec; without it process
//             start is read from /proc/self/stat (fork time, 10 ms resolution).
//
// The JSON line: start_to_first_frame_ms (process start to the first frame swapped and
// glFinish()ed), cpu_ms_per_frame (process CPU time over frames 10..N, so llvmpipe's threads
// included), ui_cpu_ms_per_frame (ImGui alone: the main thread's NewFrame to Render),
// wall_ms_per_frame, and after the frames pss_kb, uss_kb (private pages only) and rss_kb. PSS
// splits shared pages among the processes mapping them, and Mesa's libLLVM is mapped by Xvfb
// too and by any other GL client (a second kiosk, a test): then the floor's PSS falls towards its
// USS while its RSS stays. The pair brackets what the kiosk alone would show.
#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_freetype.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr int kRows = 10'000;
constexpr int kWarmupFrames = 10;  // CPU per frame is taken over frames 10..N
constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr float kFontPx = 24.0f;

struct Options {
    int width = 1280;
    int height = 800;
    int frames = 0;
    bool hold = false;
    std::optional<long long> t0_ns;
};

/// One table row, formatted once up front: the floor measures drawing, not formatting.
struct Row {
    std::string id, order, article, operation, planned_start, status;
};

double ns_of(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

/// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm; the shell script mirrors it).
void civil_from_days(long z, int& y, int& m, int& d) {
    z += 719468;
    const long era = z / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

/// The 10,000 work steps; browser_kiosk.sh generates exactly the same rows with awk.
std::vector<Row> make_rows() {
    static constexpr const char* kArticles[] = {
        "Shaft 40x120",    "Flange DN50", "Bearing housing", "Gear wheel z=32",
        "Cover plate 3mm", "Bracket L80", "Spindle M16"};
    static constexpr const char* kOperations[] = {"Saw",    "Turn",   "Mill",  "Drill",
                                                  "Deburr", "Harden", "Grind", "Inspect"};
    static constexpr const char* kStatuses[] = {"done", "running", "planned", "paused"};
    constexpr long kFirstDay = 19'723;  // 2024-01-01
    std::vector<Row> rows;
    rows.reserve(kRows);
    char buf[32];
    for (int i = 0; i < kRows; ++i) {
        Row row;
        std::snprintf(buf, sizeof buf, "WS-%05d", i + 1);
        row.id = buf;
        std::snprintf(buf, sizeof buf, "PO-%05d", i / 8 + 1);
        row.order = buf;
        row.article = kArticles[(i / 8) % 7];
        row.operation = kOperations[i % 8];
        int y = 0, m = 0, d = 0;
        civil_from_days(kFirstDay + i / 40, y, m, d);
        const int minutes = 6 * 60 + (i % 40) * 15;
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", y, m, d, minutes / 60,
                      minutes % 60);
        row.planned_start = buf;
        row.status = kStatuses[(i / 3) % 4];
        rows.push_back(std::move(row));
    }
    return rows;
}

/// Process start in CLOCK_REALTIME ns, from /proc/self/stat's starttime (ticks since boot).
std::optional<double> process_start_realtime_ns() {
    std::ifstream in("/proc/self/stat");
    std::string stat;
    std::getline(in, stat);              // one line
    const auto paren = stat.rfind(')');  // comm may contain spaces: fields follow the last ')'
    if (paren == std::string::npos) return std::nullopt;
    std::istringstream fields(stat.substr(paren + 2));
    std::string field;
    for (int n = 3; n <= 22 && fields >> field; ++n) {
        if (n == 22) {
            const double since_boot_ns = std::strtod(field.c_str(), nullptr) /
                                         static_cast<double>(sysconf(_SC_CLK_TCK)) * 1e9;
            // starttime counts from boot on CLOCK_BOOTTIME; shift it onto CLOCK_REALTIME.
            return ns_of(CLOCK_REALTIME) - (ns_of(CLOCK_BOOTTIME) - since_boot_ns);
        }
    }
    return std::nullopt;
}

/// One line of /proc/self/smaps_rollup ("Pss:", "Rss:") in kB, or -1 if it cannot be read.
long rollup_kb(const std::string& key) {
    std::ifstream in("/proc/self/smaps_rollup");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0) return std::strtol(line.c_str() + key.size(), nullptr, 10);
    }
    return -1;
}

bool parse_options(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--size" && has_value) {
            if (std::sscanf(argv[++i], "%dx%d", &options.width, &options.height) != 2) return false;
        } else if (arg == "--frames" && has_value) {
            options.frames = std::atoi(argv[++i]);
        } else if (arg == "--t0-ns" && has_value) {
            options.t0_ns = std::atoll(argv[++i]);
        } else if (arg == "--hold") {
            options.hold = true;
        } else {
            return false;
        }
    }
    if (options.hold && options.frames == 0) options.frames = 3;  // tables settle in 2 frames
    return options.width > 0 && options.height > 0 && options.frames > 0;
}

/// ImGui's half of a frame: a borderless full-window panel holding the clipped table, up to the
/// finished draw lists.
void build_ui(const std::vector<Row>& rows) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    constexpr ImGuiWindowFlags kPanel = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("floor", nullptr, kPanel);
    constexpr ImGuiTableFlags kTable = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                       ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                                       ImGuiTableFlags_Resizable;
    if (ImGui::BeginTable("work_steps", 6, kTable)) {  // outer size 0: fills the panel
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("ID");
        ImGui::TableSetupColumn("Order");
        ImGui::TableSetupColumn("Article");
        ImGui::TableSetupColumn("Operation");
        ImGui::TableSetupColumn("Planned start");
        ImGui::TableSetupColumn("Status");
        ImGui::TableHeadersRow();
        // The clipper submits only the visible rows; the rest only advance the scroll extent.
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Row& row = rows[static_cast<std::size_t>(i)];
                ImGui::TableNextRow();
                for (const std::string* cell : {&row.id, &row.order, &row.article, &row.operation,
                                                &row.planned_start, &row.status}) {
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(cell->data(), cell->data() + cell->size());
                }
            }
        }
        ImGui::EndTable();
    }
    ImGui::End();

    ImGui::Render();
}

/// The GL half of a frame: Mesa (llvmpipe here) rasterises the draw lists; then the swap.
void present(GLFWwindow* window) {
    int fb_width = 0, fb_height = 0;
    glfwGetFramebufferSize(window, &fb_width, &fb_height);
    glViewport(0, 0, fb_width, fb_height);
    glClearColor(0.1f, 0.1f, 0.1f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, options)) {
        std::fprintf(stderr,
                     "usage: imgui_floor [--size WxH] [--frames N] [--hold] [--t0-ns NS]\n");
        return 2;
    }
    // Process start as a CLOCK_REALTIME instant, to compare with the first frame's.
    const std::optional<double> t0_ns =
        options.t0_ns ? std::optional<double>(static_cast<double>(*options.t0_ns))
                      : process_start_realtime_ns();

    glfwSetErrorCallback([](int code, const char* text) {
        std::fprintf(stderr, "glfw error %d: %s\n", code, text);
    });
    if (glfwInit() != GLFW_TRUE) return 1;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);  // what partner-terminal asks for too
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window =
        glfwCreateWindow(options.width, options.height, "imgui_floor", nullptr, nullptr);
    if (window == nullptr) return 1;
    glfwMakeContextCurrent(window);
    glfwSwapInterval(0);  // no vsync: frames measure work, not the display's refresh

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a benchmark leaves no imgui.ini behind
    // Debian's imconfig.h does not define IMGUI_ENABLE_FREETYPE: pick the builder explicitly.
    io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    if (io.Fonts->AddFontFromFileTTF(kFontPath, kFontPx) == nullptr) {
        std::fprintf(stderr, "imgui_floor: cannot load %s\n", kFontPath);
        return 1;
    }
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    const std::vector<Row> rows = make_rows();

    double first_frame_ns = 0, cpu_start_ns = 0, wall_start_ns = 0, ui_ns = 0;
    for (int frame = 0; frame < options.frames; ++frame) {
        if (frame == kWarmupFrames) {
            cpu_start_ns = ns_of(CLOCK_PROCESS_CPUTIME_ID);
            wall_start_ns = ns_of(CLOCK_MONOTONIC);
        }
        glfwPollEvents();
        // ImGui runs on this thread only; llvmpipe rasterises on threads of its own, which the
        // process CPU time includes. The split tells the UI's cost from the software GL's.
        const double ui_start_ns = ns_of(CLOCK_THREAD_CPUTIME_ID);
        build_ui(rows);
        if (frame >= kWarmupFrames) ui_ns += ns_of(CLOCK_THREAD_CPUTIME_ID) - ui_start_ns;
        present(window);
        if (frame == 0) {
            glFinish();  // the first frame counts once the GL has really finished it
            first_frame_ns = ns_of(CLOCK_REALTIME);
        }
    }
    const int measured = options.frames - kWarmupFrames;
    const double cpu_ns = ns_of(CLOCK_PROCESS_CPUTIME_ID) - cpu_start_ns;
    const double wall_ns = ns_of(CLOCK_MONOTONIC) - wall_start_ns;

    // JSON by hand: every value is a number; "null" where it could not be measured.
    auto number_or_null = [](bool valid, double value) {
        char buf[32];
        if (!valid) return std::string("null");
        std::snprintf(buf, sizeof buf, "%.3f", value);
        return std::string(buf);
    };
    std::printf(
        "{\"frames\":%d,\"rows\":%d,\"width\":%d,\"height\":%d,\"t0_source\":\"%s\","
        "\"start_to_first_frame_ms\":%s,\"cpu_ms_per_frame\":%s,\"ui_cpu_ms_per_frame\":%s,"
        "\"wall_ms_per_frame\":%s,\"pss_kb\":%ld,\"uss_kb\":%ld,\"rss_kb\":%ld}\n",
        options.frames, kRows, options.width, options.height, options.t0_ns ? "t0_ns" : "proc_stat",
        number_or_null(t0_ns.has_value(), t0_ns ? (first_frame_ns - *t0_ns) / 1e6 : 0).c_str(),
        number_or_null(measured > 0, cpu_ns / 1e6 / measured).c_str(),
        number_or_null(measured > 0, ui_ns / 1e6 / measured).c_str(),
        number_or_null(measured > 0, wall_ns / 1e6 / measured).c_str(), rollup_kb("Pss:"),
        rollup_kb("Private_Clean:") + rollup_kb("Private_Dirty:"), rollup_kb("Rss:"));
    std::fflush(stdout);

    // Idle means idle: block until input, redraw once per event batch, never spin.
    while (options.hold && !glfwWindowShouldClose(window)) {
        glfwWaitEvents();
        build_ui(rows);
        present(window);
    }

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
