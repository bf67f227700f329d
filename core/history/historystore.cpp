#include "core/history/historystore.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>
#include <algorithm>

namespace lockscope {

namespace {

constexpr int kSchemaVersion = 1;

const char* const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    // end_ms is NULL while a hold is open; ended is holdEndName() ("open" while open).
    "CREATE TABLE IF NOT EXISTS holds (id INTEGER PRIMARY KEY, hold_key TEXT NOT NULL, "
    "lock_id TEXT NOT NULL, backend TEXT NOT NULL, kind TEXT NOT NULL, resource TEXT NOT NULL, "
    "physical TEXT NOT NULL, holder TEXT NOT NULL, token INTEGER, start_ms INTEGER NOT NULL, "
    "end_ms INTEGER, ended TEXT NOT NULL, lease_ms INTEGER, max_waiters INTEGER NOT NULL "
    "DEFAULT 0, foreign_lock INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS holds_start ON holds(start_ms)",
    "CREATE INDEX IF NOT EXISTS holds_end ON holds(end_ms)",
    "CREATE INDEX IF NOT EXISTS holds_resource ON holds(resource, start_ms)",
    "CREATE TABLE IF NOT EXISTS waits (id INTEGER PRIMARY KEY, lock_id TEXT NOT NULL, "
    "backend TEXT NOT NULL, resource TEXT NOT NULL, waiter TEXT NOT NULL, "
    "start_ms INTEGER NOT NULL, end_ms INTEGER, acquired INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS waits_start ON waits(start_ms)",
    "CREATE INDEX IF NOT EXISTS waits_end ON waits(end_ms)",
    "CREATE TABLE IF NOT EXISTS outages (id INTEGER PRIMARY KEY, backend TEXT NOT NULL, "
    "start_ms INTEGER NOT NULL, end_ms INTEGER, error TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS actions (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, "
    "operator TEXT NOT NULL, action TEXT NOT NULL, backend TEXT NOT NULL, lock_id TEXT NOT NULL, "
    "resource TEXT NOT NULL, holder TEXT NOT NULL, reason TEXT NOT NULL, outcome TEXT NOT NULL, "
    "message TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS actions_at ON actions(at_ms)",
};

QString waitKey(const QString& lockId, const QString& waiter) {
    return lockId + u'\n' + waiter;
}

std::optional<Backend> backendFrom(const QString& name) {
    const LockBackend* b = BackendRegistry::byName(name);
    return b ? std::optional<Backend>(b->id()) : std::nullopt;
}

LockKind kindFrom(Backend backend, const QString& name) {
    for (const LockKind& k : BackendRegistry::of(backend).kinds()) {
        if (k.name() == name)
            return k;
    }
    return {};
}

ReleaseOutcome::Status outcomeFrom(const QString& name) {
    using S = ReleaseOutcome::Status;
    for (S s : {S::Released, S::NothingReleased, S::Changed, S::Refused, S::Failed}) {
        if (ReleaseOutcome::statusName(s) == name)
            return s;
    }
    return S::Failed;
}

QVariant optionalInt(const std::optional<int64_t>& v) {
    return v ? QVariant(qlonglong(*v)) : QVariant(QMetaType(QMetaType::LongLong));
}

std::optional<int64_t> optionalFrom(const QVariant& v) {
    return v.isNull() ? std::nullopt : std::optional<int64_t>(v.toLongLong());
}

/// Text for a NOT NULL column: a null QString binds as NULL.
QString text(const QString& s) {
    return s.isNull() ? QStringLiteral("") : s;
}

QString failure(const QSqlQuery& q) {
    return q.lastError().text();
}

/// WHERE clause and bindings of a Query over rows with start_ms/end_ms (at_ms for actions).
struct Where {
    QString sql;
    QVariantList values;
};

Where whereOf(const HistoryStore::Query& q, const char* startColumn, const char* endColumn,
              bool hasResource) {
    QStringList parts;
    Where w;
    if (q.sinceMs > 0) {
        parts << QStringLiteral("(%1 IS NULL OR %1 >= ?)").arg(QLatin1String(endColumn));
        w.values << qlonglong(q.sinceMs);
    }
    if (q.untilMs > 0) {
        parts << QStringLiteral("%1 <= ?").arg(QLatin1String(startColumn));
        w.values << qlonglong(q.untilMs);
    }
    if (hasResource && !q.resource.isEmpty()) {
        parts << QStringLiteral("resource = ?");
        w.values << q.resource;
    }
    if (!parts.isEmpty())
        w.sql = QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
    return w;
}

QString tail(const HistoryStore::Query& q, const char* startColumn) {
    QString s = QStringLiteral(" ORDER BY %1 DESC, id DESC").arg(QLatin1String(startColumn));
    if (q.limit > 0)
        s += QStringLiteral(" LIMIT %1").arg(q.limit);
    return s;
}

/// Runs one reader's SELECT (its columns and table, then the query's window and order), and
/// turns each row into a T (nullopt: a row this build cannot read, skipped), oldest first.
template <class T, class RowFn>
std::vector<T> readRows(const QSqlDatabase& db, const QString& select, const Where& w,
                        const QString& order, RowFn row) {
    QSqlQuery q(db);
    q.prepare(select + w.sql + order);
    for (const QVariant& v : w.values)
        q.addBindValue(v);
    std::vector<T> out;
    if (!q.exec())
        return out;
    while (q.next())
        if (std::optional<T> r = row(q))
            out.push_back(std::move(*r));
    std::reverse(out.begin(), out.end()); // read newest first (for LIMIT), returned oldest first
    return out;
}

} // namespace

HistoryStore::HistoryStore(QString path)
    : m_path(std::move(path))
    , m_connection(QStringLiteral("lockscope-history-") +
                   QUuid::createUuid().toString(QUuid::WithoutBraces)) {}

HistoryStore::~HistoryStore() {
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase d = QSqlDatabase::database(m_connection, false);
            d.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QSqlDatabase HistoryStore::db() const {
    return QSqlDatabase::database(m_connection, false);
}

bool HistoryStore::exec(const QString& sql, QString* error) const {
    QSqlQuery q(db());
    if (q.exec(sql))
        return true;
    if (error)
        *error = QStringLiteral("%1: %2").arg(m_path, failure(q));
    return false;
}

bool HistoryStore::open(QString* error) {
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        *error = QStringLiteral("Qt's SQLite driver is missing (install libqt6sql6-sqlite)");
        return false;
    }
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
        return false;
    }
    QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    d.setDatabaseName(m_path);
    // Another process (the CLI reading, a second recorder) may hold the lock for a moment.
    d.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!d.open()) {
        *error = QStringLiteral("%1: %2").arg(m_path, d.lastError().text());
        return false;
    }
    // auto_vacuum only takes effect on a new file, before its first table.
    if (!exec(QStringLiteral("PRAGMA auto_vacuum = INCREMENTAL"), error) ||
        !exec(QStringLiteral("PRAGMA journal_mode = WAL"), error) ||
        !exec(QStringLiteral("PRAGMA synchronous = NORMAL"), error))
        return false;
    for (const char* sql : kSchema) {
        if (!exec(QLatin1String(sql), error))
            return false;
    }
    {
        QSqlQuery q(d);
        q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'"));
        if (q.next() && q.value(0).toInt() > kSchemaVersion) {
            *error = QStringLiteral("%1 was written by a newer LockScope (schema %2)")
                         .arg(m_path, q.value(0).toString());
            return false;
        }
    }
    if (!exec(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', "
                             "'%1')")
                  .arg(kSchemaVersion),
              error))
        return false;
    m_previousSeenMs = lastSeenMs();
    // What the previous session left open.
    QSqlQuery q(d);
    if (!q.exec(QStringLiteral("SELECT id, hold_key, backend, start_ms FROM holds WHERE end_ms "
                               "IS NULL"))) {
        *error = failure(q);
        return false;
    }
    while (q.next()) {
        const auto backend = backendFrom(q.value(2).toString());
        if (!backend)
            continue;
        m_carried.insert(q.value(1).toString(), Carried{q.value(0).toLongLong(), *backend});
    }
    // Carried waits and outages: closed at the last refresh the previous session saw.
    const QString seen = QString::number(m_previousSeenMs);
    if (!exec(QStringLiteral("UPDATE waits SET end_ms = MAX(start_ms, %1) WHERE end_ms IS NULL")
                  .arg(seen),
              error) ||
        !exec(QStringLiteral("UPDATE outages SET end_ms = MAX(start_ms, %1) WHERE end_ms IS NULL")
                  .arg(seen),
              error))
        return false;
    m_open = true;
    return true;
}

bool HistoryStore::openForReading(QString* error) {
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        *error = QStringLiteral("Qt's SQLite driver is missing (install libqt6sql6-sqlite)");
        return false;
    }
    if (!QFileInfo::exists(m_path)) {
        *error = QStringLiteral("no history at %1 (record with `locks watch --record` or the "
                                "console)")
                     .arg(m_path);
        return false;
    }
    QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    d.setDatabaseName(m_path);
    d.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    if (!d.open()) {
        *error = QStringLiteral("%1: %2").arg(m_path, d.lastError().text());
        return false;
    }
    if (!d.tables().contains(QStringLiteral("holds"))) {
        *error = QStringLiteral("%1 is not a LockScope history").arg(m_path);
        return false;
    }
    m_open = true;
    return true;
}

int64_t HistoryStore::lastSeenMs() const {
    QSqlQuery q(db());
    q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'last_seen_ms'"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

bool HistoryStore::insertHold(const HoldRecord& h, QString* error) {
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "INSERT INTO holds(hold_key, lock_id, backend, kind, resource, physical, holder, token, "
        "start_ms, end_ms, ended, lease_ms, max_waiters, foreign_lock) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(text(h.holdKey()));
    q.addBindValue(text(h.lockId));
    q.addBindValue(backendName(h.backend));
    q.addBindValue(text(h.kind.isValid() ? h.kind.name() : QString()));
    q.addBindValue(text(h.resource));
    q.addBindValue(text(h.physical));
    q.addBindValue(text(h.holder));
    q.addBindValue(optionalInt(h.token));
    q.addBindValue(qlonglong(h.startMs));
    q.addBindValue(h.isOpen() ? QVariant(QMetaType(QMetaType::LongLong))
                              : QVariant(qlonglong(h.endMs)));
    q.addBindValue(holdEndName(h.end));
    q.addBindValue(optionalInt(h.leaseMs));
    q.addBindValue(h.maxWaiters);
    q.addBindValue(h.foreign ? 1 : 0);
    if (!q.exec()) {
        *error = failure(q);
        return false;
    }
    if (h.isOpen())
        m_openHolds.insert(h.holdKey(), q.lastInsertId().toLongLong());
    return true;
}

bool HistoryStore::endHold(const HoldRecord& h, QString* error) {
    const QString key = h.holdKey();
    int64_t row = m_openHolds.take(key);
    if (row == 0 && m_carried.contains(key))
        row = m_carried.take(key).row;
    if (row != 0) {
        QSqlQuery q(db());
        q.prepare(QStringLiteral("UPDATE holds SET end_ms = ?, ended = ?, max_waiters = "
                                 "MAX(max_waiters, ?) WHERE id = ?"));
        q.addBindValue(qlonglong(h.endMs));
        q.addBindValue(holdEndName(h.end));
        q.addBindValue(h.maxWaiters);
        q.addBindValue(qlonglong(row));
        if (!q.exec()) {
            *error = failure(q);
            return false;
        }
        if (q.numRowsAffected() > 0)
            return true;
    }
    // Its start was never written (a failed batch, a pruned row): the whole hold, ended.
    return insertHold(h, error);
}

bool HistoryStore::write(const std::vector<HistoryChanges>& refreshes, int64_t seenAtMs,
                         QString* error) {
    QSqlDatabase d = db();
    if (!d.transaction()) {
        *error = d.lastError().text();
        return false;
    }
    auto fail = [&] {
        d.rollback();
        return false;
    };
    for (const HistoryChanges& c : refreshes) {
        for (const OutageRecord& o : c.outagesEnded) {
            QSqlQuery q(d);
            const int64_t row = m_openOutages.take(o.backend);
            if (row != 0) {
                q.prepare(QStringLiteral("UPDATE outages SET end_ms = ? WHERE id = ?"));
                q.addBindValue(qlonglong(o.endMs));
                q.addBindValue(qlonglong(row));
            } else {
                q.prepare(QStringLiteral(
                    "INSERT INTO outages(backend, start_ms, end_ms, error) VALUES(?, ?, ?, ?)"));
                q.addBindValue(backendName(o.backend));
                q.addBindValue(qlonglong(o.startMs));
                q.addBindValue(qlonglong(o.endMs));
                q.addBindValue(text(o.error));
            }
            if (!q.exec()) {
                *error = failure(q);
                return fail();
            }
        }
        for (const OutageRecord& o : c.outagesStarted) {
            QSqlQuery q(d);
            q.prepare(QStringLiteral(
                "INSERT INTO outages(backend, start_ms, end_ms, error) VALUES(?, ?, NULL, ?)"));
            q.addBindValue(backendName(o.backend));
            q.addBindValue(qlonglong(o.startMs));
            q.addBindValue(text(o.error));
            if (!q.exec()) {
                *error = failure(q);
                return fail();
            }
            m_openOutages.insert(o.backend, q.lastInsertId().toLongLong());
        }
        for (const HoldRecord& h : c.holdsEnded) {
            if (!endHold(h, error))
                return fail();
        }
        for (const HoldRecord& h : c.holdsStarted) {
            const QString key = h.holdKey();
            if (const auto it = m_carried.find(key); it != m_carried.end()) {
                // Seen again after a restart: the same hold goes on in its row.
                m_openHolds.insert(key, it->row);
                m_carried.erase(it);
                continue;
            }
            if (!insertHold(h, error))
                return fail();
        }
        for (const WaitRecord& w : c.waitsEnded) {
            QSqlQuery q(d);
            const int64_t row = m_openWaits.take(waitKey(w.lockId, w.waiter));
            if (row != 0) {
                q.prepare(QStringLiteral("UPDATE waits SET end_ms = ?, acquired = ? WHERE id = ?"));
                q.addBindValue(qlonglong(w.endMs));
                q.addBindValue(w.acquired ? 1 : 0);
                q.addBindValue(qlonglong(row));
            } else {
                q.prepare(
                    QStringLiteral("INSERT INTO waits(lock_id, backend, resource, waiter, "
                                   "start_ms, end_ms, acquired) VALUES(?, ?, ?, ?, ?, ?, ?)"));
                q.addBindValue(text(w.lockId));
                q.addBindValue(backendName(w.backend));
                q.addBindValue(text(w.resource));
                q.addBindValue(text(w.waiter));
                q.addBindValue(qlonglong(w.startMs));
                q.addBindValue(qlonglong(w.endMs));
                q.addBindValue(w.acquired ? 1 : 0);
            }
            if (!q.exec()) {
                *error = failure(q);
                return fail();
            }
        }
        for (const WaitRecord& w : c.waitsStarted) {
            QSqlQuery q(d);
            q.prepare(QStringLiteral("INSERT INTO waits(lock_id, backend, resource, waiter, "
                                     "start_ms, end_ms, acquired) VALUES(?, ?, ?, ?, ?, NULL, 0)"));
            q.addBindValue(text(w.lockId));
            q.addBindValue(backendName(w.backend));
            q.addBindValue(text(w.resource));
            q.addBindValue(text(w.waiter));
            q.addBindValue(qlonglong(w.startMs));
            if (!q.exec()) {
                *error = failure(q);
                return fail();
            }
            m_openWaits.insert(waitKey(w.lockId, w.waiter), q.lastInsertId().toLongLong());
        }
    }
    if (seenAtMs > 0) {
        QSqlQuery q(d);
        q.prepare(
            QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES('last_seen_ms', ?)"));
        q.addBindValue(QString::number(seenAtMs));
        if (!q.exec()) {
            *error = failure(q);
            return fail();
        }
    }
    if (!d.commit()) {
        *error = d.lastError().text();
        return fail();
    }
    return true;
}

bool HistoryStore::settleCarried(const QList<Backend>& answered, QString* error) {
    for (auto it = m_carried.begin(); it != m_carried.end();) {
        if (!answered.contains(it->backend)) {
            ++it;
            continue;
        }
        QSqlQuery q(db());
        // When it ended and how is unknown: it was last seen at the previous session's last
        // refresh.
        q.prepare(
            QStringLiteral("UPDATE holds SET end_ms = MAX(start_ms, ?), ended = ? WHERE id = ?"));
        q.addBindValue(qlonglong(m_previousSeenMs));
        q.addBindValue(holdEndName(HoldEnd::Unobserved));
        q.addBindValue(qlonglong(it->row));
        if (!q.exec()) {
            *error = failure(q);
            return false;
        }
        it = m_carried.erase(it);
    }
    return true;
}

bool HistoryStore::recordAction(const OperatorAction& a, QString* error) {
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO actions(at_ms, operator, action, backend, lock_id, "
                             "resource, holder, reason, outcome, message) "
                             "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(qlonglong(a.atMs));
    q.addBindValue(text(a.operatorName));
    q.addBindValue(text(a.action));
    q.addBindValue(backendName(a.backend));
    q.addBindValue(text(a.lockId));
    q.addBindValue(text(a.resource));
    q.addBindValue(text(a.holder));
    q.addBindValue(text(a.reason));
    q.addBindValue(ReleaseOutcome::statusName(a.outcome));
    q.addBindValue(text(a.message));
    if (!q.exec()) {
        *error = failure(q);
        return false;
    }
    return true;
}

std::vector<HoldRecord> HistoryStore::holds(const Query& query) const {
    return readRows<HoldRecord>(
        db(),
        QStringLiteral("SELECT lock_id, backend, kind, resource, physical, holder, token, "
                       "start_ms, end_ms, ended, lease_ms, max_waiters, foreign_lock FROM "
                       "holds"),
        whereOf(query, "start_ms", "end_ms", true), tail(query, "start_ms"),
        [](const QSqlQuery& q) -> std::optional<HoldRecord> {
            const auto backend = backendFrom(q.value(1).toString());
            if (!backend)
                return std::nullopt;
            HoldRecord h;
            h.lockId = q.value(0).toString();
            h.backend = *backend;
            h.kind = kindFrom(*backend, q.value(2).toString());
            h.resource = q.value(3).toString();
            h.physical = q.value(4).toString();
            h.holder = q.value(5).toString();
            h.token = optionalFrom(q.value(6));
            h.startMs = q.value(7).toLongLong();
            h.endMs = q.value(8).isNull() ? 0 : q.value(8).toLongLong();
            h.end = holdEndFromName(q.value(9).toString()).value_or(HoldEnd::Unobserved);
            if (h.endMs == 0)
                h.end = HoldEnd::Open;
            h.leaseMs = optionalFrom(q.value(10));
            h.maxWaiters = q.value(11).toInt();
            h.foreign = q.value(12).toInt() != 0;
            return h;
        });
}

std::vector<WaitRecord> HistoryStore::waits(const Query& query) const {
    return readRows<WaitRecord>(
        db(),
        QStringLiteral("SELECT lock_id, backend, resource, waiter, start_ms, end_ms, "
                       "acquired FROM waits"),
        whereOf(query, "start_ms", "end_ms", true), tail(query, "start_ms"),
        [](const QSqlQuery& q) -> std::optional<WaitRecord> {
            const auto backend = backendFrom(q.value(1).toString());
            if (!backend)
                return std::nullopt;
            WaitRecord r;
            r.lockId = q.value(0).toString();
            r.backend = *backend;
            r.resource = q.value(2).toString();
            r.waiter = q.value(3).toString();
            r.startMs = q.value(4).toLongLong();
            r.endMs = q.value(5).isNull() ? 0 : q.value(5).toLongLong();
            r.acquired = q.value(6).toInt() != 0;
            return r;
        });
}

std::vector<OutageRecord> HistoryStore::outages(const Query& query) const {
    return readRows<OutageRecord>(
        db(), QStringLiteral("SELECT backend, start_ms, end_ms, error FROM outages"),
        whereOf(query, "start_ms", "end_ms", false), tail(query, "start_ms"),
        [](const QSqlQuery& q) -> std::optional<OutageRecord> {
            const auto backend = backendFrom(q.value(0).toString());
            if (!backend)
                return std::nullopt;
            OutageRecord o;
            o.backend = *backend;
            o.startMs = q.value(1).toLongLong();
            o.endMs = q.value(2).isNull() ? 0 : q.value(2).toLongLong();
            o.error = q.value(3).toString();
            return o;
        });
}

std::vector<OperatorAction> HistoryStore::actions(const Query& query) const {
    return readRows<OperatorAction>(
        db(),
        QStringLiteral("SELECT at_ms, operator, action, backend, lock_id, resource, holder, "
                       "reason, outcome, message FROM actions"),
        whereOf(query, "at_ms", "at_ms", true), tail(query, "at_ms"),
        [](const QSqlQuery& q) -> std::optional<OperatorAction> {
            const auto backend = backendFrom(q.value(3).toString());
            if (!backend)
                return std::nullopt;
            OperatorAction a;
            a.atMs = q.value(0).toLongLong();
            a.operatorName = q.value(1).toString();
            a.action = q.value(2).toString();
            a.backend = *backend;
            a.lockId = q.value(4).toString();
            a.resource = q.value(5).toString();
            a.holder = q.value(6).toString();
            a.reason = q.value(7).toString();
            a.outcome = outcomeFrom(q.value(8).toString());
            a.message = q.value(9).toString();
            return a;
        });
}

int64_t HistoryStore::sizeBytes() const {
    auto pragma = [this](const char* name) -> int64_t {
        QSqlQuery q(db());
        q.exec(QStringLiteral("PRAGMA %1").arg(QLatin1String(name)));
        return q.next() ? q.value(0).toLongLong() : 0;
    };
    return (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
}

int HistoryStore::deleteEndedBefore(int64_t cutoffMs, QString* error) {
    int rows = 0;
    const QString c = QString::number(cutoffMs);
    for (const QString& sql :
         {QStringLiteral("DELETE FROM holds WHERE end_ms IS NOT NULL AND end_ms < %1"),
          QStringLiteral("DELETE FROM waits WHERE end_ms IS NOT NULL AND end_ms < %1"),
          QStringLiteral("DELETE FROM outages WHERE end_ms IS NOT NULL AND end_ms < %1"),
          QStringLiteral("DELETE FROM actions WHERE at_ms < %1")}) {
        QSqlQuery q(db());
        if (!q.exec(sql.arg(c))) {
            *error = failure(q);
            return -1;
        }
        rows += q.numRowsAffected();
    }
    return rows;
}

HistoryStore::Pruned HistoryStore::prune(int64_t cutoffMs, int64_t maxBytes, QString* error) {
    Pruned p;
    p.bytesBefore = sizeBytes();
    error->clear();
    const int expired = deleteEndedBefore(cutoffMs, error);
    if (expired < 0)
        return p;
    p.rows += expired;
    // The cap: a tenth of the ended holds at a time, oldest first, with the waits, outages and
    // actions that ended before them.
    for (int round = 0; maxBytes > 0 && round < 64 && sizeBytes() > maxBytes; ++round) {
        QSqlQuery count(db());
        count.exec(QStringLiteral("SELECT COUNT(*) FROM holds WHERE end_ms IS NOT NULL"));
        const int64_t ended = count.next() ? count.value(0).toLongLong() : 0;
        QSqlQuery q(db());
        if (ended > 0) {
            q.exec(QStringLiteral("SELECT end_ms FROM holds WHERE end_ms IS NOT NULL ORDER BY "
                                  "end_ms LIMIT 1 OFFSET %1")
                       .arg(std::max<int64_t>(
                           0, std::min<int64_t>(ended, std::max<int64_t>(100, ended / 10)) - 1)));
        } else {
            q.exec(QStringLiteral("SELECT MAX(end_ms) FROM waits WHERE end_ms IS NOT NULL"));
        }
        if (!q.next() || q.value(0).isNull())
            break;
        const int deleted = deleteEndedBefore(q.value(0).toLongLong() + 1, error);
        if (deleted <= 0)
            break;
        p.rows += deleted;
    }
    if (p.rows > 0) {
        // Give the free pages back to the file system: incrementally when the file allows it,
        // else (or when that left many) by rewriting the file.
        {
            QSqlQuery vacuum(db());
            if (vacuum.exec(QStringLiteral("PRAGMA incremental_vacuum")))
                while (vacuum.next()) {
                }
        }
        auto pragma = [this](const char* name) -> int64_t {
            QSqlQuery q(db());
            q.exec(QStringLiteral("PRAGMA %1").arg(QLatin1String(name)));
            return q.next() ? q.value(0).toLongLong() : 0;
        };
        if (pragma("freelist_count") * 10 > pragma("page_count"))
            exec(QStringLiteral("VACUUM"), error);
    }
    exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), error);
    p.bytesAfter = sizeBytes();
    return p;
}

} // namespace lockscope
