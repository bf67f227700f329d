#include "core/backends/postgres/postgresscanner.h"

#include "connectors/pgconnection.h"
#include "core/backends/postgres/pgbackendobservation.h"
#include "core/backends/postgres/postgreskinds.h"
#include "core/monitor/ownerprobe.h"

#include <QDateTime>
#include <QJsonArray>
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

QString text(const pqxx::field& f) {
    return QString::fromStdString(f.as<std::string>());
}

/// An int[] column, read with libpqxx's array parser.
std::vector<int> intArray(const pqxx::field& f) {
    std::vector<int> out;
    pqxx::array_parser parser = f.as_array();
    for (auto [juncture, value] = parser.get_next(); juncture != pqxx::array_parser::done;
         std::tie(juncture, value) = parser.get_next())
        if (juncture == pqxx::array_parser::string_value)
            out.push_back(std::stoi(value));
    return out;
}

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

struct PostgresScanner::Pass {
    pqxx::nontransaction& tx;
    std::string schema;
    int64_t now = 0;
    std::map<int, PgBackend> backends;
    std::map<int, std::vector<int>> blocks; // blocker -> blocked
    std::vector<LockRow> rows;

    QStringList waitersOf(int holder, const std::set<int>& among) {
        QStringList out;
        const auto it = blocks.find(holder);
        if (it != blocks.end())
            for (int w : it->second)
                if (among.empty() || among.count(w))
                    out << holderText(backends[w]);
        return out;
    }
};

namespace {

/// The fields every row or advisory entry shares, from the holding backend.
LockEntry holderEntry(const PgBackend& b, int64_t now, std::chrono::milliseconds staleAfter,
                      const std::shared_ptr<PgBackendObservation>& obs) {
    LockEntry e;
    e.backend = Backend::Postgres;
    e.observedAtMs = now;
    e.holder = holderText(b);
    if (b.xactStartMs)
        e.acquiredAtMs = b.xactStartMs;
    obs->pid = b.pid;
    obs->backendStartMs = b.backendStartMs;
    obs->application = b.app;
    obs->user = b.user;
    obs->state = b.state;
    obs->query = b.query;
    if (b.state == u"idle in transaction" || b.state == u"idle in transaction (aborted)") {
        e.flags |= LockFlag::IdleInTransaction;
        if (now - b.stateChangeMs > staleAfter.count())
            e.flags |= LockFlag::Stale;
    }
    e.flags |= LockFlag::NoExpiry;
    e.observation = obs;
    return e;
}

} // namespace

PostgresScanner::PostgresScanner(const MonitorConfig& config)
    : m_config(config)
    , m_conn(std::make_unique<PgConnection>(config.config.postgres)) {
    m_conn->execute("SET application_name = 'lockscope-monitor'");
}

PostgresScanner::~PostgresScanner() = default;

ScanResult PostgresScanner::scan() {
    return m_conn->run("scan locks", [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c); // autocommit: one failed statement cannot poison the rest
        Pass p{tx, m_config.config.pgSchema(), QDateTime::currentMSecsSinceEpoch(), {}, {}, {}};
        readBackends(p);
        readBlocking(p);
        readLocks(p);
        ScanResult result;
        addAdvisoryLocks(p, result.locks);
        addRowLocks(p, result.locks);
        addLeases(p, result.locks);
        result.blockingTree = blockingForest(p.backends, p.blocks);
        for (LockEntry& e : result.locks)
            if (!e.waiters.isEmpty())
                e.flags |= LockFlag::Blocking;
        return result;
    });
}

void PostgresScanner::readBackends(Pass& p) {
    for (const auto& r :
         p.tx.exec("SELECT pid, coalesce(application_name, ''), coalesce(usename::text, ''), "
                   "coalesce(state, ''), left(coalesce(query, ''), 300), "
                   "coalesce((extract(epoch FROM xact_start) * 1000)::bigint, 0), "
                   "coalesce((extract(epoch FROM state_change) * 1000)::bigint, 0), "
                   "(extract(epoch FROM backend_start) * 1000)::bigint "
                   "FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
                   "pg_backend_pid()")) {
        PgBackend b;
        b.pid = r[0].as<int>();
        b.app = text(r[1]);
        b.user = text(r[2]);
        b.state = text(r[3]);
        b.query = text(r[4]);
        b.xactStartMs = r[5].as<int64_t>();
        b.stateChangeMs = r[6].as<int64_t>();
        b.backendStartMs = r[7].as<int64_t>();
        p.backends[b.pid] = b;
    }
}

void PostgresScanner::readBlocking(Pass& p) {
    // pg_blocking_pids() is costly: only for the backends that wait on a lock.
    for (const auto& r : p.tx.exec("SELECT pid, pg_blocking_pids(pid) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND wait_event_type = "
                                   "'Lock'")) {
        const int pid = r[0].as<int>();
        for (int blocker : intArray(r[1])) {
            p.backends[pid].blockedBy.push_back(blocker);
            p.blocks[blocker].push_back(pid);
        }
    }
}

void PostgresScanner::readLocks(Pass& p) {
    for (const auto& r :
         p.tx.exec("SELECT l.locktype, l.mode, l.granted, l.pid, "
                   // Always schema-qualified (regclass::text drops a schema on the search_path).
                   "coalesce((SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c "
                   "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = l.relation), ''), "
                   "coalesce(l.relation::bigint, 0), coalesce(l.classid::bigint, 0), "
                   "coalesce(l.objid::bigint, 0), coalesce(l.objsubid, 0), "
                   "coalesce((extract(epoch FROM l.waitstart) * 1000)::bigint, 0) "
                   "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                   "WHERE a.datname = current_database() AND l.pid <> pg_backend_pid() AND "
                   "(l.locktype = 'advisory' OR (l.locktype = 'relation' AND l.mode = "
                   "'RowShareLock' AND (SELECT relkind FROM pg_class WHERE oid = l.relation) IN "
                   "('r', 'p', 'm'))) "
                   "ORDER BY l.waitstart NULLS FIRST, l.pid")) {
        LockRow l;
        l.locktype = text(r[0]);
        l.mode = text(r[1]);
        l.granted = r[2].as<bool>();
        l.pid = r[3].as<int>();
        l.relation = text(r[4]);
        l.relationOid = r[5].as<int64_t>();
        l.classid = r[6].as<int64_t>();
        l.objid = r[7].as<int64_t>();
        l.objsubid = r[8].as<int>();
        l.waitStartMs = r[9].as<int64_t>();
        p.rows.push_back(l);
    }
}

void PostgresScanner::addAdvisoryLocks(Pass& p, std::vector<LockEntry>& out) {
    std::map<std::tuple<int64_t, int64_t, int>, std::vector<const LockRow*>> advisory;
    for (const LockRow& l : p.rows)
        if (l.locktype == u"advisory")
            advisory[{l.classid, l.objid, l.objsubid}].push_back(&l);
    if (advisory.empty())
        return;
    // LockScope names its keys in <schema>.advisory_keys.
    std::map<int64_t, QString> names;
    if (p.tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", p.schema + ".advisory_keys")[0]
            .as<bool>())
        for (const auto& r : p.tx.exec("SELECT key, resource FROM " + p.schema + ".advisory_keys"))
            names[r[0].as<int64_t>()] = text(r[1]);
    for (const auto& [key, group] : advisory) {
        const LockRow* held = nullptr;
        for (const LockRow* l : group)
            if (l->granted)
                held = l;
        if (!held)
            continue;
        auto obs = std::make_shared<PgBackendObservation>();
        obs->target = {PgLockTarget::Type::Advisory, held->classid, held->objid, held->objsubid, 0};
        LockEntry e =
            holderEntry(p.backends[held->pid], p.now, m_config.idleInTransactionStale, obs);
        e.kind = postgreskinds::kAdvisory;
        if (held->objsubid == 1) {
            const int64_t k =
                static_cast<int64_t>((uint64_t(held->classid) << 32) | uint64_t(held->objid));
            const auto name = names.find(k);
            e.resource = name != names.end() ? name->second : QStringLiteral("advisory %1").arg(k);
            obs->advisoryKey = QString::number(k);
            if (name == names.end())
                e.flags |= LockFlag::Foreign;
        } else {
            e.resource = QStringLiteral("advisory (%1, %2)").arg(held->classid).arg(held->objid);
            obs->advisoryKey = QStringLiteral("(%1, %2)").arg(held->classid).arg(held->objid);
            e.flags |= LockFlag::Foreign;
        }
        for (const LockRow* l : group)
            if (!l->granted)
                e.waiters << holderText(p.backends[l->pid]);
        e.raw =
            QStringLiteral("pg_locks advisory classid=%1 objid=%2 objsubid=%3 granted to pid %4")
                .arg(held->classid)
                .arg(held->objid)
                .arg(held->objsubid)
                .arg(held->pid);
        out.push_back(std::move(e));
    }
}

void PostgresScanner::addRowLocks(Pass& p, std::vector<LockEntry>& out) {
    // Row locks: sessions holding RowShareLock on a table and not themselves waiting for a row.
    bool haveRowLocks = false;
    try {
        haveRowLocks =
            p.tx.exec1("SELECT count(*) > 0 FROM pg_extension WHERE extname = 'pgrowlocks'")[0]
                .as<bool>();
    } catch (const pqxx::sql_error&) {
    }
    std::map<int64_t, std::vector<const LockRow*>> byTable;
    for (const LockRow& l : p.rows)
        if (l.locktype == u"relation" && l.granted)
            byTable[l.relationOid].push_back(&l);
    for (const auto& [oid, group] : byTable) {
        std::set<int> all;
        for (const LockRow* l : group)
            all.insert(l->pid);
        std::map<int, QStringList> lockedRows; // pid -> rows
        const QString table = group.front()->relation;
        if (haveRowLocks) {
            const pqxx::row info = p.tx.exec_params1(
                "SELECT pg_relation_size($1::oid), has_table_privilege($1::oid, 'SELECT')", oid);
            if (info[0].as<int64_t>() <= m_config.rowLockScanMaxBytes && info[1].as<bool>()) {
                const bool ours = table == QString::fromStdString(p.schema + ".row_locks");
                const std::string sql =
                    ours ? "SELECT p.locked_row::text, p.pids, t.resource FROM "
                           "pgrowlocks($1) p JOIN " +
                               p.schema + ".row_locks t ON t.ctid = p.locked_row"
                         : std::string("SELECT locked_row::text, pids, NULL FROM pgrowlocks($1)");
                for (const auto& r : p.tx.exec_params(sql, table.toStdString())) {
                    const QString row = r[2].is_null() ? text(r[0]) : text(r[2]);
                    for (int pid : intArray(r[1]))
                        lockedRows[pid] << row;
                }
            }
        }
        for (const LockRow* l : group) {
            const PgBackend& b = p.backends[l->pid];
            const bool waitingHere =
                std::any_of(b.blockedBy.begin(), b.blockedBy.end(),
                            [&](int blocker) { return all.count(blocker) > 0; });
            if (waitingHere)
                continue; // a waiter on this table, shown under its holder
            if (haveRowLocks && lockedRows.find(l->pid) == lockedRows.end() &&
                !p.blocks.count(l->pid))
                continue; // RowShareLock but no row locked any more, and nobody waits on it
            auto obs = std::make_shared<PgBackendObservation>();
            obs->target = {PgLockTarget::Type::Relation, 0, 0, 0, oid};
            obs->rows = lockedRows[l->pid];
            LockEntry e = holderEntry(b, p.now, m_config.idleInTransactionStale, obs);
            e.kind = postgreskinds::kRow;
            e.resource = table;
            e.waiters = p.waitersOf(l->pid, all);
            e.raw = obs->rows.isEmpty()
                        ? QStringLiteral("RowShareLock on %1 (install pgrowlocks to see the rows)")
                              .arg(table)
                        : QStringLiteral("%1 rows locked: %2")
                              .arg(table, obs->rows.join(QStringLiteral(", ")));
            out.push_back(std::move(e));
        }
    }
}

void PostgresScanner::addLeases(Pass& p, std::vector<LockEntry>& out) {
    if (!p.tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", p.schema + ".leases")[0]
             .as<bool>())
        return;
    for (const auto& r :
         p.tx.exec("SELECT resource, owner, version, "
                   "coalesce((extract(epoch FROM acquired_at) * 1000)::bigint, 0), "
                   "greatest(0, ceil(extract(epoch FROM expires_at - clock_timestamp()) * "
                   "1000))::bigint, expires_at <= clock_timestamp() FROM " +
                   p.schema + ".leases WHERE owner IS NOT NULL")) {
        auto obs = std::make_shared<LeaseObservation>();
        obs->owner = r[1].as<std::string>();
        obs->version = r[2].as<int64_t>();
        LockEntry e;
        e.backend = Backend::Postgres;
        e.kind = postgreskinds::kLease;
        e.resource = text(r[0]);
        e.holder = QString::fromStdString(obs->owner);
        e.token = obs->version;
        e.acquiredAtMs = r[3].as<int64_t>();
        e.leaseMs = r[4].as<int64_t>();
        e.observedAtMs = p.now;
        if (r[5].as<bool>())
            e.flags |= LockFlag::Stale; // expired, never released
        if (OwnerProbe::isOrphaned(e.holder))
            e.flags |= LockFlag::Orphaned;
        e.raw = QStringLiteral("%1.leases: owner %2, version %3")
                    .arg(QString::fromStdString(p.schema), e.holder)
                    .arg(obs->version);
        e.observation = std::move(obs);
        out.push_back(std::move(e));
    }
}

} // namespace lockscope
