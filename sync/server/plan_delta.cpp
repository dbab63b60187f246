#include "sync/server/plan_delta.h"

#include <algorithm>
#include <type_traits>

#include "sync/plan/record_fields.h"

namespace pt::server {
namespace {

// ---- hashing ------------------------------------------------------------------------------

/// FNV-1a over length-prefixed fields, finished with MurmurHash3's fmix64 so that similar
/// objects spread over all 64 bits. Not cryptographic: ids are not secret, a collision would
/// only need to happen between two versions of one object of one partner.
class Hasher {
public:
    explicit Hasher(std::uint8_t kind) { byte(kind); }
    void byte(std::uint8_t b) {
        state_ ^= b;
        state_ *= 0x100000001b3ULL;
    }
    void u64(std::uint64_t value) {
        for (int i = 0; i < 8; ++i)
            byte(static_cast<std::uint8_t>(value >> (8 * i)));
    }
    void i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }
    void flag(bool value) { byte(value ? 1 : 0); }
    void text(std::string_view s) {
        u64(s.size());
        for (char c : s)
            byte(static_cast<std::uint8_t>(c));
    }
    void time(plan::Timestamp t) { i64(t.time_since_epoch().count()); }
    /// An enum by its numeric value (reordering an enum changes the hashes: stored cursors
    /// would then send every object once more, harmless but wasteful).
    template <typename Enum>
    requires std::is_enum_v<Enum>
    void value(Enum e) { byte(static_cast<std::uint8_t>(e)); }
    void value(const std::string& s) { text(s); }
    void value(std::int64_t x) { i64(x); }
    void value(bool b) { flag(b); }
    void value(plan::Timestamp t) { time(t); }
    void value(const std::vector<std::string>& list) {
        u64(list.size());
        for (const std::string& s : list)
            text(s);
    }
    /// Presence first, so an absent column never hashes like a present empty one.
    template <typename T>
    void value(const std::optional<T>& v) {
        flag(v.has_value());
        if (v) value(*v);
    }
    [[nodiscard]] std::uint64_t finish() const {
        std::uint64_t k = state_;
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdULL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53ULL;
        k ^= k >> 33;
        return k;
    }

private:
    std::uint64_t state_ = 0xcbf29ce484222325ULL;
};

/// Hashes every field of a view record, in table order: the hash changes exactly when
/// something the partner receives changes.
template <typename Table, typename Record>
std::uint64_t hash_fields(std::uint8_t kind, const Table& table, const Record& record) {
    Hasher h(kind);
    plan::for_each_field(table, [&](const auto& field) { h.value(record.*(field.member)); });
    return h.finish();
}

// ---- snapshot blob --------------------------------------------------------------------------

constexpr char kBlobMagic = 'S';
/// Version 2 added the step notes; a version-1 blob held none (its terminal had none either).
constexpr char kBlobVersion = 2;

void put_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out += static_cast<char>((value & 0x7f) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

class BlobReader {
public:
    explicit BlobReader(std::string_view blob) : blob_(blob) {}
    bool varint(std::uint64_t& value) {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= blob_.size()) return false;
            const auto b = static_cast<std::uint8_t>(blob_[pos_++]);
            value |= std::uint64_t{b & 0x7fU} << shift;
            if ((b & 0x80U) == 0) return true;
        }
        return false;
    }
    bool bytes(std::size_t count, std::string_view& out) {
        if (blob_.size() - pos_ < count) return false;
        out = blob_.substr(pos_, count);
        pos_ += count;
        return true;
    }
    [[nodiscard]] bool at_end() const { return pos_ == blob_.size(); }

private:
    std::string_view blob_;
    std::size_t pos_ = 0;
};

void put_list(std::string& out, const std::vector<ObjectHash>& list) {
    put_varint(out, list.size());
    for (const ObjectHash& entry : list) {
        put_varint(out, entry.id.size());
        out += entry.id;
        for (int i = 0; i < 8; ++i)
            out += static_cast<char>(entry.hash >> (8 * i));
    }
}

bool read_list(BlobReader& in, std::vector<ObjectHash>& list) {
    std::uint64_t count = 0;
    if (!in.varint(count)) return false;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t length = 0;
        std::string_view id;
        std::string_view hash;
        if (!in.varint(length) || !in.bytes(length, id) || !in.bytes(8, hash)) {
            return false;
        }
        std::uint64_t value = 0;
        for (int b = 0; b < 8; ++b) {
            value |= std::uint64_t{static_cast<std::uint8_t>(hash[static_cast<std::size_t>(b)])}
                     << (8 * b);
        }
        // Strictly ascending ids, as snapshot_of wrote them; diff_views relies on it.
        if (!list.empty() && !(list.back().id < id)) return false;
        list.push_back({std::string(id), value});
    }
    return true;
}

// ---- diff ---------------------------------------------------------------------------------

/// Merges one kind: upserts new or changed objects, lists ids that disappeared.
template <typename T>
void diff_list(const std::vector<ObjectHash>& before, const std::vector<ObjectHash>& after,
               std::vector<T>& objects, std::vector<T>& upserts,
               std::vector<std::string>& removed) {
    std::size_t b = 0;
    for (std::size_t a = 0; a < after.size(); ++a) {
        while (b < before.size() && before[b].id < after[a].id)
            removed.push_back(before[b++].id);
        const bool same =
            b < before.size() && before[b].id == after[a].id && before[b].hash == after[a].hash;
        if (b < before.size() && before[b].id == after[a].id) ++b;
        if (!same) upserts.push_back(std::move(objects[a]));
    }
    while (b < before.size())
        removed.push_back(before[b++].id);
}

template <typename T>
std::vector<ObjectHash> hashes_of(const std::vector<T>& objects) {
    std::vector<ObjectHash> list;
    list.reserve(objects.size());
    for (const T& object : objects)
        list.push_back({object.id, content_hash(object)});
    return list;
}

template <typename T>
void sort_list(std::vector<T>& list) {
    const auto by_id = [](const T& x, const T& y) { return x.id < y.id; };
    if (!std::is_sorted(list.begin(), list.end(), by_id)) {
        std::sort(list.begin(), list.end(), by_id);
    }
}

}  // namespace

std::uint64_t content_hash(const plan::ViewOrder& order) {
    return hash_fields(1, plan::kViewOrderFields, order);
}

std::uint64_t content_hash(const plan::ViewResource& resource) {
    return hash_fields(2, plan::kViewResourceFields, resource);
}

std::uint64_t content_hash(const plan::ViewWorkStep& step) {
    return hash_fields(3, plan::kViewWorkStepFields, step);
}

std::uint64_t content_hash(const plan::ViewProcess& process) {
    return hash_fields(4, plan::kViewProcessFields, process);
}

std::uint64_t content_hash(const plan::ViewStepNote& note) {
    return hash_fields(5, plan::kViewStepNoteFields, note);
}

void sort_by_id(plan::PartnerView& view) {
    sort_list(view.orders);
    sort_list(view.resources);
    sort_list(view.work_steps);
    sort_list(view.processes);
    sort_list(view.step_notes);
}

ViewSnapshot snapshot_of(const plan::PartnerView& view) {
    return ViewSnapshot{hashes_of(view.orders), hashes_of(view.resources),
                        hashes_of(view.work_steps), hashes_of(view.processes),
                        hashes_of(view.step_notes)};
}

std::string encode_snapshot(const ViewSnapshot& snapshot) {
    std::string out;
    out.reserve(16 + snapshot.object_count() * 24);
    out += kBlobMagic;
    out += kBlobVersion;
    put_list(out, snapshot.orders);
    put_list(out, snapshot.resources);
    put_list(out, snapshot.work_steps);
    put_list(out, snapshot.processes);
    put_list(out, snapshot.step_notes);
    return out;
}

std::optional<ViewSnapshot> decode_snapshot(std::string_view blob) {
    if (blob.size() < 2 || blob[0] != kBlobMagic || blob[1] < 1 || blob[1] > kBlobVersion)
        return std::nullopt;
    BlobReader in(blob.substr(2));
    ViewSnapshot snapshot;
    if (!read_list(in, snapshot.orders) || !read_list(in, snapshot.resources) ||
        !read_list(in, snapshot.work_steps) || !read_list(in, snapshot.processes)) {
        return std::nullopt;
    }
    if (blob[1] >= 2 && !read_list(in, snapshot.step_notes)) return std::nullopt;
    if (!in.at_end()) return std::nullopt;
    return snapshot;
}

bool PlanDelta::empty() const {
    return upserts.orders.empty() && upserts.resources.empty() && upserts.work_steps.empty() &&
           upserts.processes.empty() && removed.orders.empty() && removed.resources.empty() &&
           removed.work_steps.empty() && removed.processes.empty() && upserts.step_notes.empty() &&
           removed.step_notes.empty();
}

PlanDelta diff_views(const ViewSnapshot& before, const ViewSnapshot& after,
                     plan::PartnerView view) {
    PlanDelta delta;
    diff_list(before.orders, after.orders, view.orders, delta.upserts.orders, delta.removed.orders);
    diff_list(before.resources, after.resources, view.resources, delta.upserts.resources,
              delta.removed.resources);
    diff_list(before.work_steps, after.work_steps, view.work_steps, delta.upserts.work_steps,
              delta.removed.work_steps);
    diff_list(before.processes, after.processes, view.processes, delta.upserts.processes,
              delta.removed.processes);
    diff_list(before.step_notes, after.step_notes, view.step_notes, delta.upserts.step_notes,
              delta.removed.step_notes);
    return delta;
}

}  // namespace pt::server
