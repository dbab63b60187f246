#include "sync/server/sorted_plan.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace pt::server {

struct SortKeys {
    /// One string per handle, in one buffer (a million ids copy in a few milliseconds).
    struct Texts {
        std::string text;
        std::vector<std::uint32_t> end;  ///< the string of handle h ends at end[h]

        void add(std::string_view item) {
            text.append(item);
            end.push_back(static_cast<std::uint32_t>(text.size()));
        }
        [[nodiscard]] std::string_view at(std::size_t h) const {
            const std::uint32_t begin = h == 0 ? 0 : end[h - 1];
            return std::string_view(text).substr(begin, end[h] - begin);
        }
        [[nodiscard]] std::size_t size() const { return end.size(); }
        /// Room for `count` strings of about `bytes` each (no growth while copying under the
        /// lock).
        void reserve(std::size_t count, std::size_t bytes) {
            text.reserve(count * bytes);
            end.reserve(count);
        }
    };

    /// What is built for this layout already; the build adds the rest of `needs`.
    SortedParts have;
    unsigned needs = 0;
    Texts order_ids;
    std::vector<std::uint8_t> order_is_top;
    Texts order_numbers;
    Texts step_ids;
    std::vector<std::int64_t> step_starts;
    std::vector<plan::Handle> step_orders;
    Texts process_ids;
    Texts step_texts;  ///< id, U+001F, operation
};

namespace {

/// Between a work step's id and operation in SearchTexts: no search text holds it (a `q` with
/// a control character is refused), so no match spans the two.
constexpr char kFieldSeparator = '\x1f';

/// ASCII upper case to lower case, in place (as search_folded compares).
void fold_ascii(std::string& text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
}

/// A part needs the parts its ties are broken by.
unsigned with_prerequisites(unsigned needs) {
    if ((needs & kWorkStepsByNumber) != 0) needs |= kOrdersById | kWorkStepsById;
    if ((needs & kWorkStepsByStart) != 0) needs |= kWorkStepsById;
    return needs;
}

/// Eight bytes of `text` from `from` on, big-endian, zero-padded: compares as the strings do
/// whenever it differs, given that all share their first `from` bytes (ids hold no NUL; a NUL
/// only makes two keys equal, and then the strings decide).
std::uint64_t key_of(std::string_view text, std::size_t from) {
    std::array<unsigned char, 8> bytes{};
    if (from < text.size()) {
        text.remove_prefix(from);
        std::memcpy(bytes.data(), text.data(), std::min(text.size(), bytes.size()));
    }
    std::uint64_t key = 0;
    for (const unsigned char byte : bytes)
        key = (key << 8U) | byte;
    return key;
}

/// How many bytes every string of `column` starts with alike: those of its least and greatest
/// (any string between two shares their common prefix). Ids such as `WS-2026-000001` share
/// many; the sort keys start after them.
std::size_t common_prefix(const SortKeys::Texts& column) {
    if (column.size() == 0) return 0;
    std::string_view least = column.at(0);
    std::string_view greatest = least;
    for (std::size_t h = 1; h < column.size(); ++h) {
        const std::string_view text = column.at(h);
        if (text < least) least = text;
        if (greatest < text) greatest = text;
    }
    const auto [stop, ignored] =
        std::mismatch(least.begin(), least.end(), greatest.begin(), greatest.end());
    return static_cast<std::size_t>(stop - least.begin());
}

/// The handles' permutation and its inverse.
SortedHandles with_ranks(std::vector<plan::Handle> order) {
    std::vector<std::uint32_t> rank(order.size(), 0);
    for (std::size_t i = 0; i < order.size(); ++i)
        rank[order[i]] = static_cast<std::uint32_t>(i);
    return SortedHandles{std::move(order), std::move(rank)};
}

/// Handles 0 … n-1 by their strings (byte order); equal strings by `tie[handle]`, or by handle
/// without.
SortedHandles sort_by_text(const SortKeys::Texts& column,
                           const std::vector<std::uint32_t>* tie = nullptr) {
    struct Entry {
        std::uint64_t key;
        plan::Handle handle;
    };
    const std::size_t shared = common_prefix(column);
    std::vector<Entry> entries(column.size());
    for (std::size_t h = 0; h < column.size(); ++h)
        entries[h] = {key_of(column.at(h), shared), static_cast<plan::Handle>(h)};
    std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
        if (a.key != b.key) return a.key < b.key;
        const int order = column.at(a.handle).compare(column.at(b.handle));
        if (order != 0) return order < 0;
        return tie != nullptr ? (*tie)[a.handle] < (*tie)[b.handle] : a.handle < b.handle;
    });
    std::vector<plan::Handle> order(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i)
        order[i] = entries[i].handle;
    return with_ranks(std::move(order));
}

/// Handles 0 … n-1 by `key`, then by `tie` (unique per handle). When the keys span less than
/// 2^32, key and tie make one 64-bit number: one integer comparison per step of the sort (it
/// halves the time of a million planned starts, most of them shared).
template <typename Key>
SortedHandles sort_by_key(const std::vector<Key>& key, const std::vector<std::uint32_t>& tie) {
    std::vector<plan::Handle> order(key.size());
    if (key.empty()) return with_ranks(std::move(order));
    const auto [least, greatest] = std::minmax_element(key.begin(), key.end());
    const auto span = static_cast<std::uint64_t>(*greatest) - static_cast<std::uint64_t>(*least);
    if (span < (std::uint64_t{1} << 32U)) {
        struct Packed {
            std::uint64_t key;
            plan::Handle handle;
        };
        std::vector<Packed> entries(key.size());
        for (std::size_t h = 0; h < key.size(); ++h) {
            const auto offset =
                static_cast<std::uint64_t>(key[h]) - static_cast<std::uint64_t>(*least);
            entries[h] = {(offset << 32U) | tie[h], static_cast<plan::Handle>(h)};
        }
        std::sort(entries.begin(), entries.end(),
                  [](const Packed& a, const Packed& b) { return a.key < b.key; });
        for (std::size_t i = 0; i < entries.size(); ++i)
            order[i] = entries[i].handle;
        return with_ranks(std::move(order));
    }
    struct Entry {
        Key key;
        std::uint32_t tie;
        plan::Handle handle;
    };
    std::vector<Entry> entries(key.size());
    for (std::size_t h = 0; h < key.size(); ++h)
        entries[h] = {key[h], tie[h], static_cast<plan::Handle>(h)};
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.key != b.key ? a.key < b.key : a.tie < b.tie;
    });
    for (std::size_t i = 0; i < entries.size(); ++i)
        order[i] = entries[i].handle;
    return with_ranks(std::move(order));
}

}  // namespace

void SortKeysDeleter::operator()(SortKeys* keys) const {
    delete keys;  // NOLINT(cppcoreguidelines-owning-memory): the deleter of SortKeysPtr
}

bool SortedParts::has(unsigned needs) const {
    return ((needs & kOrdersById) == 0 || orders) &&
           ((needs & kWorkStepsById) == 0 || work_steps_by_id) &&
           ((needs & kWorkStepsByStart) == 0 || work_steps_by_start) &&
           ((needs & kWorkStepsByNumber) == 0 || work_steps_by_number) &&
           ((needs & kProcessesById) == 0 || processes_by_id) &&
           ((needs & kWorkStepSearch) == 0 || work_step_search);
}

SortedPlan::SortedPlan() = default;
SortedPlan::~SortedPlan() = default;

const SortedParts* SortedPlan::current(const plan::Plan& plan, unsigned needs) const {
    if (parts_.layout != plan.layout_revision() || !parts_.has(needs)) return nullptr;
    return &parts_;
}

SortKeysPtr SortedPlan::copy_keys(const plan::Plan& plan, unsigned needs) const {
    SortKeysPtr keys(new SortKeys);  // NOLINT(cppcoreguidelines-owning-memory): SortKeysPtr owns it
    keys->needs = with_prerequisites(needs);
    if (parts_.layout == plan.layout_revision()) keys->have = parts_;
    keys->have.layout = plan.layout_revision();
    const SortedParts& have = keys->have;
    const unsigned missing = keys->needs;
    if ((missing & kOrdersById) != 0 && !have.orders) {
        keys->order_ids.reserve(plan.order_count(), 12);
        keys->order_is_top.reserve(plan.order_count());
        for (plan::Handle h = 0; h < plan.order_count(); ++h) {
            const plan::Order& order = plan.order_at(h);
            keys->order_ids.add(order.id);
            keys->order_is_top.push_back(order.parent_id ? 0 : 1);
        }
    }
    const bool need_numbers = ((missing & kWorkStepsByNumber) != 0 && !have.work_steps_by_number) ||
                              ((missing & kWorkStepSearch) != 0 && !have.work_step_search);
    if (need_numbers) {
        keys->order_numbers.reserve(plan.order_count(), 16);
        for (plan::Handle h = 0; h < plan.order_count(); ++h)
            keys->order_numbers.add(plan.order_at(h).number);
    }
    if ((missing & kProcessesById) != 0 && !have.processes_by_id) {
        keys->process_ids.reserve(plan.process_count(), 12);
        for (plan::Handle h = 0; h < plan.process_count(); ++h)
            keys->process_ids.add(plan.process_at(h).id);
    }
    // The work steps' keys in one pass over the records (the lock is held for it).
    const bool ids = (missing & kWorkStepsById) != 0 && !have.work_steps_by_id;
    const bool starts = (missing & kWorkStepsByStart) != 0 && !have.work_steps_by_start;
    const bool orders = (missing & kWorkStepsByNumber) != 0 && !have.work_steps_by_number;
    const bool texts = (missing & kWorkStepSearch) != 0 && !have.work_step_search;
    if (!ids && !starts && !orders && !texts) return keys;
    const std::size_t count = plan.work_step_count();
    if (ids) keys->step_ids.reserve(count, 12);
    if (starts) keys->step_starts.reserve(count);
    if (orders) keys->step_orders.reserve(count);
    if (texts) keys->step_texts.reserve(count, 28);
    for (plan::Handle h = 0; h < count; ++h) {
        const plan::WorkStep& step = plan.work_step_at(h);
        if (ids) keys->step_ids.add(step.id);
        if (starts) keys->step_starts.push_back(step.planned_start.time_since_epoch().count());
        if (orders) keys->step_orders.push_back(plan.order_of_work_step(h));
        if (texts) {
            keys->step_texts.text.append(step.id);
            keys->step_texts.text += kFieldSeparator;
            keys->step_texts.add(step.operation);
        }
    }
    return keys;
}

SortedParts sort_keys(SortKeysPtr keys) {
    SortedParts parts = keys->have;
    const unsigned needs = keys->needs;
    if ((needs & kOrdersById) != 0 && !parts.orders) {
        auto orders = std::make_shared<SortedOrders>();
        orders->by_id = sort_by_text(keys->order_ids);
        for (const plan::Handle h : orders->by_id.order) {
            if (keys->order_is_top[h] != 0) orders->top_level.push_back(h);
        }
        parts.orders = std::move(orders);
    }
    if ((needs & kWorkStepsById) != 0 && !parts.work_steps_by_id)
        parts.work_steps_by_id = std::make_shared<SortedHandles>(sort_by_text(keys->step_ids));
    if ((needs & kWorkStepsByStart) != 0 && !parts.work_steps_by_start) {
        parts.work_steps_by_start = std::make_shared<SortedHandles>(
            sort_by_key(keys->step_starts, parts.work_steps_by_id->rank));
    }
    if ((needs & kWorkStepsByNumber) != 0 && !parts.work_steps_by_number) {
        // Orders by number (ties by id), then each work step by its order's place there.
        const SortedHandles number_rank =
            sort_by_text(keys->order_numbers, &parts.orders->by_id.rank);
        std::vector<std::uint32_t> step_key(keys->step_orders.size());
        for (std::size_t h = 0; h < step_key.size(); ++h)
            step_key[h] = number_rank.rank[keys->step_orders[h]];
        parts.work_steps_by_number =
            std::make_shared<SortedHandles>(sort_by_key(step_key, parts.work_steps_by_id->rank));
    }
    if ((needs & kProcessesById) != 0 && !parts.processes_by_id)
        parts.processes_by_id = std::make_shared<SortedHandles>(sort_by_text(keys->process_ids));
    if ((needs & kWorkStepSearch) != 0 && !parts.work_step_search) {
        auto search = std::make_shared<SearchTexts>();
        search->steps = std::move(keys->step_texts.text);
        search->step_end = std::move(keys->step_texts.end);
        search->numbers = std::move(keys->order_numbers.text);
        search->number_end = std::move(keys->order_numbers.end);
        fold_ascii(search->steps);
        fold_ascii(search->numbers);
        parts.work_step_search = std::move(search);
    }
    return parts;
}

bool SortedPlan::install(const plan::Plan& plan, SortedParts parts) {
    if (parts.layout != plan.layout_revision()) return false;
    if (parts_.layout == parts.layout) {
        // Another build for this layout may have landed meanwhile: keep what either made.
        if (!parts.orders) parts.orders = parts_.orders;
        if (!parts.work_steps_by_id) parts.work_steps_by_id = parts_.work_steps_by_id;
        if (!parts.work_steps_by_start) parts.work_steps_by_start = parts_.work_steps_by_start;
        if (!parts.work_steps_by_number) parts.work_steps_by_number = parts_.work_steps_by_number;
        if (!parts.processes_by_id) parts.processes_by_id = parts_.processes_by_id;
        if (!parts.work_step_search) parts.work_step_search = parts_.work_step_search;
    }
    parts_ = std::move(parts);
    return true;
}

const SortedParts& SortedPlan::build(const plan::Plan& plan, unsigned needs) {
    if (current(plan, needs) == nullptr) (void)install(plan, sort_keys(copy_keys(plan, needs)));
    return parts_;
}

}  // namespace pt::server
