#include "gui/lockmodel.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/monitor/displaytext.h"

#include "gui/lockflagtext.h"

#include <QColor>
#include <QDateTime>
#include <QIcon>
#include <QLocale>
#include <QPalette>
#include <QTimer>
#include <algorithm>

namespace lockscope {

namespace {

/// A table cell shows at most this much of a key or holder (the tooltip and details more).
constexpr qsizetype kCellChars = 200;

/// The server of several the lock was read on, as its backend tells; empty where it does not.
QString serverOf(const LockEntry& e) {
    return e.observation ? e.observation->server() : QString();
}

QString durationText(qint64 ms) {
    if (ms < 0)
        ms = 0;
    if (ms < 60000)
        return LockModel::tr("%1 s").arg(QLocale().toString(ms / 1000));
    if (ms < 3600000)
        return LockModel::tr("%1 min %2 s")
            .arg(QLocale().toString(ms / 60000))
            .arg((ms / 1000) % 60);
    return LockModel::tr("%1 h %2 min")
        .arg(QLocale().toString(ms / 3600000))
        .arg((ms / 60000) % 60);
}

} // namespace

LockModel::LockModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_tick(new QTimer(this)) {
    connect(m_tick, &QTimer::timeout, this, &LockModel::tick);
    m_tick->start(1000);
}

void LockModel::tick() {
    if (m_rows.empty())
        return;
    const int last = int(m_rows.size()) - 1;
    emit dataChanged(index(0, HeldForCol), index(last, LeaseCol), {Qt::DisplayRole});
    if (!m_unknownSince.isEmpty()) // the ages of last-known rows, shown with their flags
        emit dataChanged(index(0, FlagsCol), index(last, FlagsCol),
                         {Qt::DisplayRole, Qt::ToolTipRole});
}

void LockModel::setUnknownSince(const QMap<Backend, int64_t>& since) {
    if (since == m_unknownSince)
        return;
    m_unknownSince = since;
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void LockModel::setObserved(const QMap<Backend, int64_t>& since, int64_t takenAtMs,
                            const QMap<Backend, int64_t>& answeredAtMs) {
    for (const LockBackend* b : BackendRegistry::all())
        if (!since.contains(b->id()))
            m_lastSeen[b->id()] = std::min(takenAtMs, answeredAtMs.value(b->id(), takenAtMs));
    setUnknownSince(since);
}

int64_t LockModel::lastSeenMs(const LockEntry& e) const {
    return std::max(e.observedAtMs, m_lastSeen.value(e.backend, 0));
}

LockEntry LockModel::asLastSeen(const LockEntry& e) const {
    LockEntry out = e;
    out.observedAtMs = lastSeenMs(e);
    if (out.leaseMs) // the same deadline, counted from the later sighting
        *out.leaseMs -= out.observedAtMs - e.observedAtMs;
    return out;
}

bool LockModel::isLastKnown(int row) const {
    const LockEntry* e = entryAt(row);
    return e && m_unknownSince.contains(e->backend);
}

int LockModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LockModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const LockEntry* LockModel::entryAt(int row) const {
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[size_t(row)] : nullptr;
}

int LockModel::rowOf(const QString& id) const {
    auto it = std::lower_bound(m_ids.begin(), m_ids.end(), id);
    return it != m_ids.end() && *it == id ? int(it - m_ids.begin()) : -1;
}

void LockModel::clear() {
    beginResetModel();
    std::vector<LockEntry>().swap(m_rows);
    std::vector<QString>().swap(m_ids);
    m_leaseTotal.clear();
    endResetModel();
}

std::pair<int, int> LockModel::changedColumns(const LockEntry& before, const LockEntry& after) {
    // Only the columns that changed: a renewal touches the lease bar alone, so a proxy sorted
    // or filtered on other columns need not re-sort or re-filter the row (1,000 renewals per
    // refresh were most of the GUI thread's turn).
    const bool changed[ColumnCount] = {
        false, // backend: part of the id
        false, // kind: part of the id
        before.logicalResource != after.logicalResource,
        false, // physical resource: part of the id
        serverOf(before) != serverOf(after),
        before.holder != after.holder || before.raw != after.raw,
        before.token != after.token,
        before.acquiredAtMs != after.acquiredAtMs,
        before.leaseMs != after.leaseMs || before.observedAtMs != after.observedAtMs,
        before.waiters != after.waiters,
        before.flags != after.flags,
    };
    int first = ColumnCount, last = -1;
    for (int c = 0; c < ColumnCount; ++c)
        if (changed[c]) {
            first = std::min(first, c);
            last = c;
        }
    if (last < 0)
        return {0, ColumnCount - 1}; // something only the details pane shows
    // The text filter reads the logical resource, holder and flags: a change to any must reach
    // the proxy's filter key column (HolderCol, see LockFilterProxy).
    if (changed[ResourceCol] || changed[HolderCol] || changed[FlagsCol]) {
        first = std::min(first, int(HolderCol));
        last = std::max(last, int(HolderCol));
    }
    return {first, last};
}

void LockModel::applyDiff(const SnapshotDiff& diff) {
    removeGoneRows(diff.removed);
    updateChangedRows(diff.changed);
    if (diff.added.empty())
        return;
    // Each added row's id once: it is built from several fields.
    std::vector<QString> addedIds;
    addedIds.reserve(diff.added.size());
    for (const LockEntry& e : diff.added)
        addedIds.push_back(e.id());
    if (m_rows.empty())
        insertFirstLoad(diff.added, addedIds);
    else
        insertAmongRows(diff.added, addedIds);
}

void LockModel::removeGoneRows(const std::vector<QString>& removed) {
    // Neighbouring rows go as one range (all of a backend that went away, say), bottom up so that
    // the rows above keep their numbers.
    std::vector<int> gone;
    gone.reserve(removed.size());
    for (const QString& id : removed)
        if (const int row = rowOf(id); row >= 0)
            gone.push_back(row);
    std::sort(gone.begin(), gone.end());
    gone.erase(std::unique(gone.begin(), gone.end()), gone.end());
    for (size_t end = gone.size(); end > 0;) {
        size_t begin = end - 1;
        while (begin > 0 && gone[begin - 1] == gone[begin] - 1)
            --begin;
        const int first = gone[begin], last = gone[end - 1];
        beginRemoveRows({}, first, last);
        for (int r = first; r <= last; ++r)
            m_leaseTotal.remove(m_ids[size_t(r)]);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        m_ids.erase(m_ids.begin() + first, m_ids.begin() + last + 1);
        endRemoveRows();
        end = begin;
    }
}

void LockModel::updateChangedRows(const std::vector<LockEntry>& changed) {
    for (const LockEntry& e : changed) {
        const QString id = e.id();
        const int row = rowOf(id);
        if (row < 0)
            continue;
        const auto [first, last] = changedColumns(m_rows[size_t(row)], e);
        m_rows[size_t(row)] = e;
        if (e.leaseMs && *e.leaseMs > m_leaseTotal.value(id))
            m_leaseTotal[id] = *e.leaseMs;
        emit dataChanged(index(row, first), index(row, last));
    }
}

void LockModel::insertFirstLoad(const std::vector<LockEntry>& added,
                                const std::vector<QString>& addedIds) {
    // First load (or after a switch): one insertion of the whole sorted range.
    std::vector<size_t> order(added.size());
    for (size_t k = 0; k < order.size(); ++k)
        order[k] = k;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return addedIds[a] < addedIds[b]; });
    beginInsertRows({}, 0, int(added.size()) - 1);
    m_rows.reserve(order.size());
    m_ids.reserve(order.size());
    for (size_t k : order) {
        m_rows.push_back(added[k]);
        m_ids.push_back(addedIds[k]);
        if (added[k].leaseMs)
            m_leaseTotal[addedIds[k]] = *added[k].leaseMs;
    }
    endInsertRows();
}

void LockModel::insertAmongRows(const std::vector<LockEntry>& added,
                                const std::vector<QString>& addedIds) {
    // Added rows come sorted; consecutive ones that land at consecutive places go in as one range.
    size_t i = 0;
    while (i < added.size()) {
        const auto at = std::lower_bound(m_ids.begin(), m_ids.end(), addedIds[i]);
        const int row = int(at - m_ids.begin());
        size_t end = i + 1;
        const QString nextExisting = at != m_ids.end() ? *at : QString();
        while (end < added.size() && (nextExisting.isNull() || addedIds[end] < nextExisting))
            ++end;
        beginInsertRows({}, row, row + int(end - i) - 1);
        m_rows.insert(m_rows.begin() + row, added.begin() + long(i), added.begin() + long(end));
        m_ids.insert(m_ids.begin() + row, addedIds.begin() + long(i), addedIds.begin() + long(end));
        for (size_t k = i; k < end; ++k)
            if (added[k].leaseMs)
                m_leaseTotal[addedIds[k]] = *added[k].leaseMs;
        endInsertRows();
        i = end;
    }
}

QVariant LockModel::data(const QModelIndex& index, int role) const {
    const LockEntry* e = entryAt(index.row());
    if (!e || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    // Not for every role: sorting and filtering ask for a lot of data.
    // An orphaned holder is as stale as a lock past its rule: tinted the same.
    auto stale = [e] { return e->hasFlag(LockFlag::Stale) || e->hasFlag(LockFlag::Orphaned); };
    auto lastKnown = [this, e] { return m_unknownSince.contains(e->backend); };
    auto age = [this, e] { return durationText(m_clock() - lastSeenMs(*e)); };
    switch (role) {
    case EntryIdRole:
        return m_ids[size_t(index.row())];
    case LeaseDeadlineRole:
        // A last-known lease has no countdown: nobody knows what happened to it since.
        return e->expiresAtMs() && !lastKnown() ? QVariant(qint64(*e->expiresAtMs())) : QVariant();
    case LeaseTotalRole:
        return m_leaseTotal.value(m_ids[size_t(index.row())], e->leaseMs.value_or(0));
    case StaleRole:
        return stale();
    case LastKnownRole:
        return lastKnown();
    case AlertRole:
        return m_alerted.contains(m_ids[size_t(index.row())]);
    case BackendRole:
        return backendName(e->backend);
    case Qt::BackgroundRole:
        if (lastKnown())
            return QColor(128, 128, 128, 40);
        if (m_alerted.contains(m_ids[size_t(index.row())]))
            return QColor(235, 140, 20, 90); // an alert fires for it: the Alerts page's tint
        if (stale())
            return QColor(220, 60, 50, 45); // translucent: readable on light and dark palettes
        return {};
    case Qt::ForegroundRole:
        if (lastKnown())
            return QColor(128, 128, 128);
        return {};
    case Qt::DecorationRole:
        if (index.column() == BackendCol)
            return QIcon(QStringLiteral(":/icons/%1.svg").arg(backendName(e->backend)));
        return {};
    case Qt::ToolTipRole: {
        QString tip;
        switch (index.column()) {
        case KindCol:
            tip = LockFlagText::kindToolTip(*e, m_readOnly);
            break;
        case ResourceCol:
            tip = tr("What was locked: %1")
                      .arg(DisplayText::forTerminal(e->logical()).toHtmlEscaped());
            break;
        case PhysicalCol:
            tip = tr("Read from %1").arg(DisplayText::forTerminal(e->resource).toHtmlEscaped());
            break;
        case NodeCol:
            tip = serverOf(*e).isEmpty()
                      ? tr("The server does not tell which of its members holds this lock.")
                      : tr("Read on %1").arg(serverOf(*e).toHtmlEscaped());
            break;
        case FlagsCol:
            tip = e->flags ? LockFlagText::flagsToolTip(*e) : tr("No flags: nothing unusual.");
            break;
        default:
            tip = DisplayText::forTerminal(e->raw).toHtmlEscaped();
        }
        if (lastKnown())
            tip = tr("<b>Last known, %1 ago:</b> %2 is down since %3; this lock may have changed "
                     "or gone since.")
                      .arg(age(), backendDisplayName(e->backend),
                           QDateTime::fromMSecsSinceEpoch(m_unknownSince.value(e->backend))
                               .toString(QStringLiteral("HH:mm:ss"))) +
                  QStringLiteral("<br>") + tip;
        return tip;
    }
    case SortRole:
        switch (index.column()) {
        case TokenCol:
            return e->token ? QVariant(qint64(*e->token)) : QVariant(qint64(-1));
        case HeldForCol:
            return e->acquiredAtMs ? QVariant(qint64(-*e->acquiredAtMs)) : QVariant(qint64(0));
        case LeaseCol:
            return e->expiresAtMs() ? QVariant(qint64(*e->expiresAtMs()))
                                    : QVariant(std::numeric_limits<qint64>::max());
        case WaitersCol:
            return int(e->waiters.size());
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case BackendCol:
            return backendDisplayName(e->backend);
        case KindCol:
            return e->kind.name();
        // Server text, escaped: a control character in a key or holder shows as \xNN.
        case ResourceCol:
            return DisplayText::forTerminal(e->logical(), kCellChars);
        case PhysicalCol:
            return DisplayText::forTerminal(e->resource, kCellChars);
        case NodeCol:
            return serverOf(*e);
        case HolderCol:
            return DisplayText::forTerminal(e->holder, kCellChars);
        case TokenCol:
            return e->token ? QLocale().toString(qint64(*e->token)) : QStringLiteral("–");
        case HeldForCol:
            return e->acquiredAtMs ? durationText(m_clock() - *e->acquiredAtMs)
                                   : QStringLiteral("–");
        case LeaseCol:
            if (lastKnown())
                return e->leaseMs ? tr("unknown") : tr("no expiry");
            return e->leaseMs ? QVariant() : tr("no expiry");
        case WaitersCol:
            return QLocale().toString(int(e->waiters.size()));
        case FlagsCol: {
            const QString flags = LockFlagText::flagsText(*e);
            if (!lastKnown())
                return flags;
            const QString known = tr("last known, %1 ago").arg(age());
            return flags.isEmpty() ? known : known + QStringLiteral(" · ") + flags;
        }
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == TokenCol || index.column() == WaitersCol)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant LockModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case BackendCol:
            return tr("The server the lock lives on.");
        case KindCol:
            return tr("How the lock is made: redis-key, redisson-hash, zk-recipe, pg-row, "
                      "pg-advisory, pg-relation or lease. Hover a cell for what it is.");
        case ResourceCol:
            return tr("What was locked (cart:42), decoded from the key, node or row. Filter by it "
                      "to find every kind of lock on one thing.");
        case PhysicalCol:
            return tr("Where the lock was read from: the Redis key, the ZooKeeper node, the "
                      "PostgreSQL table or advisory key.");
        case NodeCol:
            return tr("Which server holds it, where there are several: the Redis Cluster primary "
                      "owning its slot, the Sentinel set's primary, or one Redlock server (a "
                      "Redlock lock shows once per server that has a copy). Empty for ZooKeeper: "
                      "a session, not a lock, is on one member of the ensemble.");
        case HolderCol:
            return tr("Who holds it: owner id, token, node name or PostgreSQL backend.");
        case TokenCol:
            return tr("Fencing token, where the lock has one: a write carrying a smaller token "
                      "than the store has seen must be refused.");
        case HeldForCol:
            return tr("How long it has been held, where the backend tells. Advances every "
                      "second.");
        case LeaseCol:
            return tr("Lease left before it expires on its own. Red: the last quarter. "
                      "\"no expiry\": lives until released.");
        case WaitersCol:
            return tr("How many wait behind it, in order in the details below.");
        case FlagsCol:
            return tr("What the monitor concluded about the lock; hover a cell for what each "
                      "flag means and what to do.");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case BackendCol:
        return tr("Backend");
    case KindCol:
        return tr("Kind");
    case ResourceCol:
        return tr("Resource");
    case PhysicalCol:
        return tr("Key / node / row");
    case NodeCol:
        return tr("Node");
    case HolderCol:
        return tr("Holder");
    case TokenCol:
        return tr("Token");
    case HeldForCol:
        return tr("Held for");
    case LeaseCol:
        return tr("Lease");
    case WaitersCol:
        return tr("Waiters");
    case FlagsCol:
        return tr("Flags");
    }
    return {};
}

void LockModel::setAlertedIds(const QSet<QString>& ids) {
    const QSet<QString> before = std::exchange(m_alerted, ids);
    for (size_t row = 0; row < m_ids.size(); ++row)
        if (before.contains(m_ids[row]) != m_alerted.contains(m_ids[row]))
            emit dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1),
                             {Qt::BackgroundRole, AlertRole});
}

} // namespace lockscope
