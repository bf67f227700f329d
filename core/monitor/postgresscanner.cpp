#include "core/monitor/postgresscanner.h"

#include "connectors/pgconnection.h"
#include "core/monitor/ownerprobe.h"

#include <QDateTime>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <vector>

namespace lockscope {

namespace {

struct PgBackend {
    int pid = 0;
    QString app;
    QString user;
    QString state;
    QString query;
    int64_t xactStartMs = 0;
    int64_t stateChangeMs = 0;
    int64_t backendStartMs = 0;
    std::vector<int> blockedBy;
};

struct LockRow {
    QString locktype;
    QString mode;
    bool granted = false;
    int pid = 0;
    QString relation;
    int64_t relationOid = 0;
    int64_t classid = 0, objid = 0;
    int objsubid = 0;
    int64_t waitStartMs = 0;
};

QString holderText(const PgBackend& b) {
    return b.app.isEmpty() ? QStringLiteral("pid %1").arg(b.pid)
                           : QStringLiteral("pid %1 (%2)").arg(b.pid).arg(b.app);
}

/// The blocked-by relation is a dense DAG (a backend queued on a lock is blocked by the holder
/// and by everyone queued ahead of it): expanding it as a tree grows exponentially. Each pid is
/// placed once, under its shallowest blocker (breadth first), with its full blocked_by list.
QJsonArray blockingForest(const std::map<int, PgBackend>& backends,
                          const std::map<int, std::vector<int>>& blocks) {
    std::map<int, int> parent; // pid -> the blocker it is shown under (0 for roots)
    std::vector<int> order;
    std::vector<int> queue;
    for (const auto& [blocker, blocked] : blocks) {
        const auto it = backends.find(blocker);
        if (it == backends.end() || it->second.blockedBy.empty()) {
            parent[blocker] = 0;
            queue.push_back(blocker);
        }
    }
    for (size_t head = 0; head < queue.size(); ++head) {
        const int pid = queue[head];
        order.push_back(pid);
        const auto b = blocks.find(pid);
        if (b == blocks.end())
            continue;
        for (int child : b->second) {
            if (parent.count(child))
                continue;
            parent[child] = pid;
            queue.push_back(child);
        }
    }
    std::map<int, QJsonObject> nodes;
    for (int pid : order) {
        QJsonObject n{{QStringLiteral("pid"), pid}};
        const auto it = backends.find(pid);
        if (it != backends.end()) {
            n.insert(QStringLiteral("application"), it->second.app);
            n.insert(QStringLiteral("state"), it->second.state);
            n.insert(QStringLiteral("query"), it->second.query);
            n.insert(QStringLiteral("xact_start_ms"), qint64(it->second.xactStartMs));
            QJsonArray by;
            for (int b : it->second.blockedBy)
                by.append(b);
            n.insert(QStringLiteral("blocked_by"), by);
        }
        nodes[pid] = n;
    }
    // Children before parents: walk the breadth-first order backwards.
    std::map<int, QJsonArray> children;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        QJsonObject n = nodes[*it];
        n.insert(QStringLiteral("blocks"), children[*it]);
        if (parent[*it] != 0)
            children[parent[*it]].prepend(n);
        else
            nodes[*it] = n;
    }
    QJsonArray roots;
    for (int pid : order)
        if (parent[pid] == 0)
            roots.append(nodes[pid]);
    return roots;
}

} // namespace

PostgresScanner::PostgresScanner(const MonitorConfig& config)
    : m_config(config)
    , m_conn(std::make_unique<PgConnection>(config.config.postgres)) {
    m_conn->execute("SET application_name = 'lockscope-monitor'");
}

PostgresScanner::~PostgresScanner() = default;

std::vector<LockEntry> PostgresScanner::scan(QJsonArray* blockingTree) {
    const std::string schema = m_config.config.pgSchema();
    return m_conn->run("scan locks", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c); // autocommit: one failed statement cannot poison the rest
        const int64_t now = QDateTime::currentMSecsSinceEpoch();
        std::map<int, PgBackend> backends;
        for (const auto& r :
             tx.exec("SELECT pid, coalesce(application_name, ''), coalesce(usename::text, ''), "
                     "coalesce(state, ''), "
                     "left(coalesce(query, ''), 300), coalesce((extract(epoch FROM xact_start) * "
                     "1000)::bigint, 0), "
                     "coalesce((extract(epoch FROM state_change) * 1000)::bigint, 0), "
                     "(extract(epoch FROM backend_start) * 1000)::bigint "
                     "FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
                     "pg_backend_pid()")) {
            PgBackend b;
            b.pid = r[0].as<int>();
            b.app = QString::fromStdString(r[1].as<std::string>());
            b.user = QString::fromStdString(r[2].as<std::string>());
            b.state = QString::fromStdString(r[3].as<std::string>());
            b.query = QString::fromStdString(r[4].as<std::string>());
            b.xactStartMs = r[5].as<int64_t>();
            b.stateChangeMs = r[6].as<int64_t>();
            b.backendStartMs = r[7].as<int64_t>();
            backends[b.pid] = b;
        }
        // pg_blocking_pids() is costly: only for the backends that wait on a lock.
        std::map<int, std::vector<int>> blocks; // blocker -> blocked
        for (const auto& r :
             tx.exec("SELECT pid, pg_blocking_pids(pid)::text FROM pg_stat_activity "
                     "WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            const int pid = r[0].as<int>();
            QString arr = QString::fromStdString(r[1].as<std::string>());
            arr.remove(u'{').remove(u'}');
            for (const QString& p : arr.split(u',', Qt::SkipEmptyParts)) {
                backends[pid].blockedBy.push_back(p.toInt());
                blocks[p.toInt()].push_back(pid);
            }
        }
        std::vector<LockRow> rows;
        for (const auto& r :
             tx.exec("SELECT l.locktype, l.mode, l.granted, l.pid, "
                     "coalesce(l.relation::regclass::text, ''), "
                     "coalesce(l.relation::bigint, 0), coalesce(l.classid::bigint, 0), "
                     "coalesce(l.objid::bigint, 0), "
                     "coalesce(l.objsubid, 0), coalesce((extract(epoch FROM l.waitstart) * "
                     "1000)::bigint, 0) "
                     "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                     "WHERE a.datname = current_database() AND l.pid <> pg_backend_pid() AND "
                     "(l.locktype = 'advisory' OR (l.locktype = 'relation' AND l.mode = "
                     "'RowShareLock' AND (SELECT relkind FROM pg_class WHERE oid = l.relation) IN "
                     "('r', 'p', 'm'))) "
                     "ORDER BY l.waitstart NULLS FIRST, l.pid")) {
            LockRow l;
            l.locktype = QString::fromStdString(r[0].as<std::string>());
            l.mode = QString::fromStdString(r[1].as<std::string>());
            l.granted = r[2].as<bool>();
            l.pid = r[3].as<int>();
            l.relation = QString::fromStdString(r[4].as<std::string>());
            l.relationOid = r[5].as<int64_t>();
            l.classid = r[6].as<int64_t>();
            l.objid = r[7].as<int64_t>();
            l.objsubid = r[8].as<int>();
            l.waitStartMs = r[9].as<int64_t>();
            rows.push_back(l);
        }

        auto baseEntry = [&](const PgBackend& b) {
            LockEntry e;
            e.backend = Backend::Postgres;
            e.observedAtMs = now;
            e.holder = holderText(b);
            e.pgPid = b.pid;
            e.pgBackendStartMs = b.backendStartMs;
            if (b.xactStartMs)
                e.acquiredAtMs = b.xactStartMs;
            e.details = QJsonObject{{QStringLiteral("pid"), b.pid},
                                    {QStringLiteral("application"), b.app},
                                    {QStringLiteral("user"), b.user},
                                    {QStringLiteral("state"), b.state},
                                    {QStringLiteral("query"), b.query}};
            if (b.state == u"idle in transaction" || b.state == u"idle in transaction (aborted)") {
                e.flags << QStringLiteral("idle-in-transaction");
                if (now - b.stateChangeMs > m_config.idleInTransactionStale.count())
                    e.flags << QStringLiteral("stale");
            }
            e.flags << QStringLiteral("no-expiry");
            return e;
        };
        auto waitersOf = [&](int holder, const std::set<int>& among) {
            QStringList out;
            const auto it = blocks.find(holder);
            if (it != blocks.end())
                for (int w : it->second)
                    if (among.empty() || among.count(w))
                        out << holderText(backends[w]);
            return out;
        };

        std::vector<LockEntry> out;
        // Advisory locks, grouped by key.
        std::map<QString, std::vector<const LockRow*>> advisory;
        for (const LockRow& l : rows)
            if (l.locktype == u"advisory")
                advisory[QStringLiteral("%1:%2:%3").arg(l.classid).arg(l.objid).arg(l.objsubid)]
                    .push_back(&l);
        std::map<int64_t, QString> names;
        if (!advisory.empty() &&
            tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", schema + ".advisory_keys")[0]
                .as<bool>()) {
            for (const auto& r : tx.exec("SELECT key, resource FROM " + schema + ".advisory_keys"))
                names[r[0].as<int64_t>()] = QString::fromStdString(r[1].as<std::string>());
        }
        for (const auto& [key, group] : advisory) {
            const LockRow* held = nullptr;
            for (const LockRow* l : group)
                if (l->granted)
                    held = l;
            if (!held)
                continue;
            LockEntry e = baseEntry(backends[held->pid]);
            e.kind = QStringLiteral("pg-advisory");
            QString name;
            if (held->objsubid == 1) {
                const int64_t k =
                    static_cast<int64_t>((uint64_t(held->classid) << 32) | uint64_t(held->objid));
                e.resource = names.count(k) ? names[k] : QStringLiteral("advisory %1").arg(k);
                e.details.insert(QStringLiteral("key"), QString::number(k));
                if (!names.count(k))
                    e.flags << QStringLiteral("foreign");
            } else {
                e.resource =
                    QStringLiteral("advisory (%1, %2)").arg(held->classid).arg(held->objid);
                e.details.insert(QStringLiteral("key"),
                                 QStringLiteral("(%1, %2)").arg(held->classid).arg(held->objid));
                e.flags << QStringLiteral("foreign");
            }
            e.pgLockKey = QStringLiteral("advisory:") + key;
            for (const LockRow* l : group)
                if (!l->granted)
                    e.waiters << holderText(backends[l->pid]);
            e.raw = QStringLiteral(
                        "pg_locks advisory classid=%1 objid=%2 objsubid=%3 granted to pid %4")
                        .arg(held->classid)
                        .arg(held->objid)
                        .arg(held->objsubid)
                        .arg(held->pid);
            out.push_back(std::move(e));
        }

        // Row locks: sessions holding RowShareLock on a table and not themselves waiting for a row.
        bool haveRowLocks = false;
        try {
            haveRowLocks =
                tx.exec1("SELECT count(*) > 0 FROM pg_extension WHERE extname = 'pgrowlocks'")[0]
                    .as<bool>();
        } catch (...) {
        }
        std::map<int64_t, std::vector<const LockRow*>> byTable;
        for (const LockRow& l : rows)
            if (l.locktype == u"relation" && l.granted)
                byTable[l.relationOid].push_back(&l);
        for (const auto& [oid, group] : byTable) {
            std::set<int> all;
            for (const LockRow* l : group)
                all.insert(l->pid);
            std::map<int, QStringList> lockedRows; // pid -> rows
            const QString table = group.front()->relation;
            if (haveRowLocks) {
                const pqxx::row info = tx.exec_params1(
                    "SELECT pg_relation_size($1::oid), has_table_privilege($1::oid, 'SELECT')",
                    oid);
                if (info[0].as<int64_t>() <= m_config.rowLockScanMaxBytes && info[1].as<bool>()) {
                    const bool ours = table == QString::fromStdString(schema + ".row_locks");
                    const std::string sql =
                        ours ? "SELECT p.locked_row::text, p.pids::text, t.resource FROM "
                               "pgrowlocks($1) p JOIN " +
                                   schema + ".row_locks t ON t.ctid = p.locked_row"
                             : std::string(
                                   "SELECT locked_row::text, pids::text, NULL FROM pgrowlocks($1)");
                    for (const auto& r : tx.exec_params(sql, table.toStdString())) {
                        QString pids = QString::fromStdString(r[1].as<std::string>());
                        pids.remove(u'{').remove(u'}');
                        const QString row = r[2].is_null()
                                                ? QString::fromStdString(r[0].as<std::string>())
                                                : QString::fromStdString(r[2].as<std::string>());
                        for (const QString& p : pids.split(u',', Qt::SkipEmptyParts))
                            lockedRows[p.toInt()] << row;
                    }
                }
            }
            for (const LockRow* l : group) {
                const PgBackend& b = backends[l->pid];
                const bool waitingHere =
                    std::any_of(b.blockedBy.begin(), b.blockedBy.end(),
                                [&](int blocker) { return all.count(blocker) > 0; });
                if (waitingHere)
                    continue; // a waiter on this table, shown under its holder
                if (haveRowLocks && lockedRows.find(l->pid) == lockedRows.end() &&
                    !blocks.count(l->pid))
                    continue; // RowShareLock but no row locked any more, and nobody waits on it
                LockEntry e = baseEntry(b);
                e.kind = QStringLiteral("pg-row");
                e.resource = table;
                e.pgLockKey = QStringLiteral("relation:%1").arg(oid);
                e.waiters = waitersOf(l->pid, all);
                const QStringList locked = lockedRows[l->pid];
                if (!locked.isEmpty()) {
                    e.details.insert(QStringLiteral("rows"), QJsonArray::fromStringList(locked));
                    e.raw = QStringLiteral("%1 rows locked: %2")
                                .arg(table, locked.join(QStringLiteral(", ")));
                } else {
                    e.raw =
                        QStringLiteral("RowShareLock on %1 (install pgrowlocks to see the rows)")
                            .arg(table);
                }
                out.push_back(std::move(e));
            }
        }

        // LockScope's lease rows.
        if (tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", schema + ".leases")[0]
                .as<bool>()) {
            for (const auto& r : tx.exec("SELECT resource, owner, version, coalesce((extract(epoch "
                                         "FROM acquired_at) * 1000)::bigint, 0), "
                                         "greatest(0, ceil(extract(epoch FROM expires_at - "
                                         "clock_timestamp()) * 1000))::bigint, "
                                         "expires_at <= clock_timestamp() FROM " +
                                         schema + ".leases WHERE owner IS NOT NULL")) {
                LockEntry e;
                e.backend = Backend::Postgres;
                e.kind = QStringLiteral("lease");
                e.resource = QString::fromStdString(r[0].as<std::string>());
                e.holder = QString::fromStdString(r[1].as<std::string>());
                e.token = r[2].as<int64_t>();
                e.acquiredAtMs = r[3].as<int64_t>();
                e.leaseMs = r[4].as<int64_t>();
                e.observedAtMs = now;
                e.observedValue = e.holder;
                if (r[5].as<bool>())
                    e.flags << QStringLiteral("stale"); // expired, never released
                if (OwnerProbe::isOrphaned(e.holder))
                    e.flags << QStringLiteral("orphaned");
                e.raw = QStringLiteral("%1.leases: owner %2, version %3")
                            .arg(QString::fromStdString(schema), e.holder)
                            .arg(*e.token);
                out.push_back(std::move(e));
            }
        }

        if (blockingTree)
            *blockingTree = blockingForest(backends, blocks);
        for (LockEntry& e : out) {
            if (!e.waiters.isEmpty())
                e.flags << QStringLiteral("blocked");
            e.flags.removeDuplicates();
        }
        return out;
    });
}

} // namespace lockscope
