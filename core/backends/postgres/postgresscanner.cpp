#include "core/backends/postgres/postgresscanner.h"

#include "connectors/pgconnection.h"
#include "core/backends/postgres/pgbackendobservation.h"
#include "core/backends/postgres/postgresgrants.h"
#include "core/backends/postgres/postgreskinds.h"
#include "core/monitor/displaytext.h"
#include "core/monitor/ownerprobe.h"
#include "core/shop/purchaser.h"

#include <QDateTime>
#include <QJsonArray>
#include <algorithm>
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
    QString clientAddr;
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
    QString vxid;     ///< pg_locks.virtualtransaction: the holding transaction
    int64_t page = 0; ///< tuple: the row's ctid (page, tuple)
    int tuple = 0;
};

bool isRowMode(const QString& mode) {
    return mode == u"RowShareLock" || mode == u"RowExclusiveLock";
}

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
            // The Sessions page's terminate/cancel from the tree re-checks this backend start.
            n.insert(QStringLiteral("backend_start_ms"), qint64(it->second.backendStartMs));
            n.insert(QStringLiteral("user"), it->second.user);
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

/// How long the monitor waits for a relation lock (pgrowlocks) before it skips the rows.
constexpr int kLockTimeoutMs = 100;

bool isLockQueued(const pqxx::sql_error& e) {
    return e.sqlstate() == "55P03"; // lock_not_available: lock_timeout
}

} // namespace

struct PostgresScanner::Pass {
    pqxx::nontransaction& tx;
    std::string schema;
    int64_t now = 0;
    std::map<int, PgBackend> backends;
    std::map<int, std::vector<int>> blocks; // blocker -> blocked
    std::vector<LockRow> rows;
    std::map<int, const LockRow*> waitingFor; // pid -> the lock it waits for (not granted)
    /// rowHoldersBlocking's answers, per pid: the blocked-by relation is dense (a queued backend
    /// is blocked by everyone ahead of it), so walking it afresh per waiter was cubic.
    mutable std::map<int, std::vector<int>> rowHolders;

    QStringList names(const std::vector<int>& pids) {
        std::vector<int> ordered = pids;
        // In the order they started waiting.
        std::stable_sort(ordered.begin(), ordered.end(), [&](int a, int b) {
            const auto wa = waitingFor.find(a), wb = waitingFor.find(b);
            const int64_t ta = wa == waitingFor.end() ? 0 : wa->second->waitStartMs;
            const int64_t tb = wb == waitingFor.end() ? 0 : wb->second->waitStartMs;
            return ta < tb;
        });
        QStringList out;
        for (int w : ordered)
            out << holderText(backends[w]);
        return out;
    }
    /// True when pid waits for a row (a tuple lock, or the transaction of a row's locker).
    bool waitsForRow(int pid) const {
        const auto it = waitingFor.find(pid);
        return it != waitingFor.end() &&
               (it->second->locktype == u"tuple" || it->second->locktype == u"transactionid");
    }
};

namespace {

/// The fields every row, table or advisory entry shares, from the holding backend.
LockEntry holderEntry(const PgBackend& b, int64_t now,
                      const std::shared_ptr<PgBackendObservation>& obs) {
    LockEntry e;
    e.backend = Backend::Postgres;
    e.observedAtMs = now;
    e.holder = holderText(b);
    if (b.xactStartMs)
        e.acquiredAtMs = b.xactStartMs;
    obs->pid = b.pid;
    obs->backendStartMs = b.backendStartMs;
    obs->xactStartMs = b.xactStartMs;
    obs->application = b.app;
    obs->user = b.user;
    obs->clientAddr = b.clientAddr;
    obs->state = b.state;
    obs->stateSinceMs = b.stateChangeMs;
    obs->query = b.query;
    if (b.state == u"idle in transaction" || b.state == u"idle in transaction (aborted)")
        e.flags |= LockFlag::IdleInTransaction;
    e.flags |= LockFlag::NoExpiry;
    e.observation = obs;
    return e;
}

bool treeContains(const QJsonArray& nodes, int pid) {
    for (const auto& v : nodes) {
        const QJsonObject n = v.toObject();
        if (n.value(QStringLiteral("pid")).toInt() == pid ||
            treeContains(n.value(QStringLiteral("blocks")).toArray(), pid))
            return true;
    }
    return false;
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
        // Never queue for a relation lock (pgrowlocks behind a queued DDL): give up instead.
        tx.exec("SET lock_timeout = '" + std::to_string(kLockTimeoutMs) + "ms'");
        Pass p{tx, m_config.config.pgSchema(), QDateTime::currentMSecsSinceEpoch(), {}, {}, {}, {},
               {}};
        readBackends(p);
        readBlocking(p);
        readLocks(p);
        ScanResult result;
        addAdvisoryLocks(p, result.locks);
        addTableLocks(p, result.locks);
        const size_t held = result.locks.size();
        addLeases(p, result.locks);
        result.blockingTree = blockingForest(p.backends, p.blocks);
        for (size_t i = 0; i < held; ++i)
            finishHolder(p, result.blockingTree, result.locks[i]);
        return result;
    });
}

void PostgresScanner::finishHolder(Pass& p, const QJsonArray& forest, LockEntry& e) const {
    auto obs = std::const_pointer_cast<PgBackendObservation>(
        std::dynamic_pointer_cast<const PgBackendObservation>(e.observation));
    if (!obs)
        return;
    const PgBackend& b = p.backends[obs->pid];
    if (!e.waiters.isEmpty())
        e.flags |= LockFlag::Blocking;
    if (!b.blockedBy.empty())
        e.flags |= LockFlag::Waiting; // the holder itself waits for another lock
    if (e.hasFlag(LockFlag::IdleInTransaction) &&
        m_config.stale.pgStale(p.now - b.stateChangeMs, e.hasFlag(LockFlag::Blocking),
                               !e.hasFlag(LockFlag::Foreign)))
        e.flags |= LockFlag::Stale;
    // The who-blocks-whom trees only for the locks they concern.
    if (e.hasFlag(LockFlag::Blocking) || e.hasFlag(LockFlag::Waiting))
        for (const auto& root : forest)
            if (treeContains(QJsonArray{root}, obs->pid))
                obs->blockingTree.append(root);
    e.rawBytes = obs->observedBytes();
}

void PostgresScanner::readBackends(Pass& p) {
    for (const auto& r :
         p.tx.exec("SELECT pid, coalesce(application_name, ''), coalesce(usename::text, ''), "
                   "coalesce(state, ''), left(coalesce(query, ''), 300), "
                   "coalesce((extract(epoch FROM xact_start) * 1000)::bigint, 0), "
                   "coalesce((extract(epoch FROM state_change) * 1000)::bigint, 0), "
                   "(extract(epoch FROM backend_start) * 1000)::bigint, "
                   "coalesce(host(client_addr), '') "
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
        b.clientAddr = text(r[8]);
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
    // Advisory locks; table-level locks on tables (every row-locking statement takes one on its
    // table: RowShareLock or RowExclusiveLock); and what each waiting backend waits for.
    for (const auto& r :
         p.tx.exec("SELECT l.locktype, l.mode, l.granted, l.pid, "
                   // Always schema-qualified (regclass::text drops a schema on the search_path).
                   "coalesce((SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c "
                   "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = l.relation), ''), "
                   "coalesce(l.relation::bigint, 0), coalesce(l.classid::bigint, 0), "
                   "coalesce(l.objid::bigint, 0), coalesce(l.objsubid, 0), "
                   "coalesce((extract(epoch FROM l.waitstart) * 1000)::bigint, 0), "
                   "coalesce(l.virtualtransaction, ''), coalesce(l.page::bigint, 0), "
                   "coalesce(l.tuple, 0) "
                   "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                   "WHERE a.datname = current_database() AND l.pid <> pg_backend_pid() AND "
                   // Tables always (row locks); any other relation (sequence, view, index ...)
                   // when someone waits for a lock on it.
                   "(l.locktype = 'advisory' OR (l.locktype = 'relation' AND "
                   "((SELECT relkind FROM pg_class WHERE oid = l.relation) IN ('r', 'p', 'm') OR "
                   "EXISTS (SELECT 1 FROM pg_locks w WHERE w.locktype = 'relation' AND "
                   "w.relation = l.relation AND w.database = l.database AND NOT w.granted))) "
                   // A row's first waiter holds its tuple lock: it names the row it wants.
                   "OR l.locktype = 'tuple' OR NOT l.granted) "
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
        l.vxid = text(r[10]);
        l.page = r[11].as<int64_t>();
        l.tuple = r[12].as<int>();
        p.rows.push_back(l);
    }
    for (const LockRow& l : p.rows)
        if (!l.granted)
            p.waitingFor[l.pid] = &l;
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
    auto advisoryEntry = [&](const LockRow& held, const std::vector<int>& waiters) {
        auto obs = std::make_shared<PgBackendObservation>();
        obs->target = {PgLockTarget::Type::Advisory, held.classid, held.objid, held.objsubid, 0};
        LockEntry e = holderEntry(p.backends[held.pid], p.now, obs);
        obs->vxid = held.vxid;
        obs->modes = QStringList{held.mode};
        e.kind = postgreskinds::kAdvisory;
        if (held.objsubid == 1) {
            const int64_t k =
                static_cast<int64_t>((uint64_t(held.classid) << 32) | uint64_t(held.objid));
            const auto name = names.find(k);
            e.resource = name != names.end() ? name->second : QStringLiteral("advisory %1").arg(k);
            obs->advisoryKey = QString::number(k);
            if (name == names.end())
                e.flags |= LockFlag::Foreign;
            else
                e.logicalResource = name->second;
        } else {
            e.resource = QStringLiteral("advisory (%1, %2)").arg(held.classid).arg(held.objid);
            obs->advisoryKey = QStringLiteral("(%1, %2)").arg(held.classid).arg(held.objid);
            e.flags |= LockFlag::Foreign;
        }
        e.waiters = p.names(waiters);
        e.raw =
            QStringLiteral("pg_locks advisory classid=%1 objid=%2 objsubid=%3 %4 granted to pid %5")
                .arg(held.classid)
                .arg(held.objid)
                .arg(held.objsubid)
                .arg(held.mode)
                .arg(held.pid);
        e.raw = DisplayText::forTerminal(e.raw); // names and keys from the server
        return e;
    };
    for (const auto& [key, group] : advisory) {
        std::vector<const LockRow*> holders;
        std::vector<int> queued;
        for (const LockRow* l : group) {
            if (l->granted)
                holders.push_back(l);
            else
                queued.push_back(l->pid);
        }
        // Every holder is an entry of its own (shared locks have several): its waiters are the
        // queued backends it blocks, directly or behind another queued one.
        for (const LockRow* held : holders) {
            std::vector<int> waiters;
            if (holders.size() == 1) {
                waiters = queued;
            } else {
                for (int w : queued) {
                    std::set<int> seen{w};
                    std::vector<int> todo{w};
                    bool blocked = false;
                    while (!todo.empty() && !blocked) {
                        const int pid = todo.back();
                        todo.pop_back();
                        for (int by : p.backends[pid].blockedBy) {
                            if (by == held->pid)
                                blocked = true;
                            else if (std::find(queued.begin(), queued.end(), by) != queued.end() &&
                                     seen.insert(by).second)
                                todo.push_back(by);
                        }
                    }
                    if (blocked)
                        waiters.push_back(w);
                }
            }
            out.push_back(advisoryEntry(*held, waiters));
        }
    }
}

std::vector<int> PostgresScanner::rowHoldersBlocking(const Pass& p, int waiter) {
    // A backend queued for a row behind another waiter waits for that waiter's tuple lock: the
    // row's holder is further up, where a backend waits for no row itself. Each pid is answered
    // once (memo); a pid met again while being answered (a deadlock cycle) adds nothing.
    if (const auto known = p.rowHolders.find(waiter); known != p.rowHolders.end())
        return known->second;
    p.rowHolders[waiter] = {}; // in progress
    std::vector<int> out;
    std::set<int> added;
    const auto b = p.backends.find(waiter);
    if (b != p.backends.end()) {
        const auto w = p.waitingFor.find(waiter);
        const bool queuedOnTuple = w != p.waitingFor.end() && w->second->locktype == u"tuple";
        for (int blocker : b->second.blockedBy) {
            if (queuedOnTuple && p.waitsForRow(blocker)) {
                // A waiter ahead in the queue: not the row's holder; its holders are.
                for (int holder : rowHoldersBlocking(p, blocker))
                    if (holder != waiter && added.insert(holder).second)
                        out.push_back(holder);
            } else if (added.insert(blocker).second) {
                out.push_back(blocker);
            }
        }
    }
    p.rowHolders[waiter] = out;
    return out;
}

void PostgresScanner::addTableLocks(Pass& p, std::vector<LockEntry>& out) {
    // Granted table-level locks, per (pid, table).
    struct Held {
        QString table;
        QString vxid;
        QStringList modes;
        bool rowModes = false; // RowShareLock / RowExclusiveLock: it may lock rows
        bool rowShare = false; // RowShareLock: SELECT ... FOR UPDATE/SHARE (LockScope's pg-row)
    };
    std::map<std::pair<int, int64_t>, Held> held;
    std::map<int64_t, QString> tableNames;
    for (const LockRow& l : p.rows) {
        if (l.locktype != u"relation" || !l.granted)
            continue;
        Held& h = held[{l.pid, l.relationOid}];
        h.table = l.relation;
        h.vxid = l.vxid;
        h.modes << l.mode;
        h.rowModes = h.rowModes || isRowMode(l.mode);
        h.rowShare = h.rowShare || l.mode == u"RowShareLock";
        tableNames[l.relationOid] = l.relation;
    }
    // Who waits behind whom, and on what: a table lock, or a row.
    std::map<std::pair<int, int64_t>, std::vector<int>> tableWaiters, rowWaiters;
    for (const auto& [pid, b] : p.backends) {
        const auto w = p.waitingFor.find(pid);
        if (b.blockedBy.empty() || w == p.waitingFor.end())
            continue;
        const LockRow& wants = *w->second;
        if (wants.locktype == u"relation") {
            // Blocked by the holders of the table lock, or by a backend queued ahead for it (a
            // DDL waiting for AccessExclusiveLock holds up every reader behind it): that one
            // holds nothing; the wait is counted for the holders it waits for.
            std::vector<int> todo = b.blockedBy;
            std::set<int> seen{pid};
            while (!todo.empty()) {
                const int blocker = todo.back();
                todo.pop_back();
                if (!seen.insert(blocker).second)
                    continue;
                if (held.count({blocker, wants.relationOid})) {
                    tableWaiters[{blocker, wants.relationOid}].push_back(pid);
                    continue;
                }
                const auto ahead = p.waitingFor.find(blocker);
                if (ahead != p.waitingFor.end() && ahead->second->locktype == u"relation" &&
                    ahead->second->relationOid == wants.relationOid)
                    for (int up : p.backends[blocker].blockedBy)
                        todo.push_back(up);
            }
        } else if (wants.locktype == u"tuple") {
            for (int holder : rowHoldersBlocking(p, pid))
                rowWaiters[{holder, wants.relationOid}].push_back(pid);
        } else if (wants.locktype == u"transactionid") {
            // The row's locker; the table is one both lock rows of (the waiter's statement took
            // its table lock before it waited).
            for (int holder : b.blockedBy) {
                std::vector<int64_t> tables, holderTables;
                for (const auto& [key, h] : held)
                    if (key.first == holder && h.rowModes) {
                        holderTables.push_back(key.second);
                        const auto mine = held.find({pid, key.second});
                        if (mine != held.end() && mine->second.rowModes)
                            tables.push_back(key.second);
                    }
                for (int64_t oid : tables.empty() ? holderTables : tables)
                    rowWaiters[{holder, oid}].push_back(pid);
            }
        }
    }
    for (const auto& [key, waiters] : tableWaiters)
        out.push_back(tableEntry(p, key.first, key.second, held[key].table, held[key].vxid,
                                 held[key].modes, waiters));

    // Row locks. Candidates: sessions that block a row, and sessions holding RowShareLock (FOR
    // UPDATE/SHARE) that wait for no row themselves; pgrowlocks names the rows where allowed.
    std::map<int64_t, std::vector<std::pair<int, const Held*>>> candidates;
    for (const auto& [key, h] : held) {
        if (!h.rowModes)
            continue;
        if (rowWaiters.count(key) || (h.rowShare && !p.waitsForRow(key.first)))
            candidates[key.second].emplace_back(key.first, &h);
    }
    bool haveRowLocks = false;
    if (!candidates.empty()) {
        try {
            haveRowLocks =
                p.tx.exec1("SELECT count(*) > 0 FROM pg_extension WHERE extname = 'pgrowlocks'")[0]
                    .as<bool>();
        } catch (const pqxx::sql_error&) {
        }
    }
    for (const auto& [oid, group] : candidates) {
        const QString table = tableNames[oid];
        std::map<int, QStringList> lockedRows;  // pid -> rows, as shown
        std::map<int, QStringList> logicalRows; // pid -> rows LockScope named
        std::map<int, int> unnamedRows;         // pid -> rows without a name
        bool rowsKnown = false;
        bool lockQueue = false; // pgrowlocks would queue behind a waiting exclusive locker
        bool noSelect = false;  // pgrowlocks reads only tables this role may SELECT
        std::map<QString, std::vector<int>> rowLockers; // ctid -> pids (several when shared)
        if (haveRowLocks) {
            // The size from the catalog: pg_relation_size() would lock the table.
            const pqxx::row info = p.tx.exec_params1(
                "SELECT c.relpages::bigint * current_setting('block_size')::bigint, "
                "c.relkind IN ('r', 'p', 'm') AND has_table_privilege(c.oid, 'SELECT') "
                "FROM pg_class c WHERE c.oid = $1::oid",
                oid);
            noSelect = !info[1].as<bool>();
            if (info[0].as<int64_t>() <= m_config.rowLockScanMaxBytes && info[1].as<bool>()) {
                try {
                    bool itemIds = false;
                    std::vector<std::string> keyColumns;
                    if (!isOwnRowTable(m_config.config, table))
                        for (const auto& k : p.tx.exec_params(
                                 "SELECT a.attname::text FROM pg_index i JOIN pg_attribute a ON "
                                 "a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE "
                                 "i.indrelid = $1::oid AND i.indisprimary ORDER BY "
                                 "array_position(i.indkey::int2[], a.attnum)",
                                 oid))
                            keyColumns.push_back(k[0].as<std::string>());
                    const std::string sql =
                        rowLockSql(m_config.config, table, keyColumns, &itemIds);
                    for (const auto& r : p.tx.exec_params(sql, table.toStdString())) {
                        const QString name = r[2].is_null() ? QString()
                                             : itemIds      ? itemResource(r[2].as<int64_t>())
                                                            : text(r[2]);
                        const QString shown = !name.isEmpty()   ? name
                                              : !r[3].is_null() ? text(r[3])
                                                                : text(r[0]);
                        for (int pid : intArray(r[1])) {
                            rowLockers[text(r[0])].push_back(pid);
                            lockedRows[pid] << shown;
                            if (name.isEmpty())
                                ++unnamedRows[pid];
                            else
                                logicalRows[pid] << name;
                        }
                    }
                    rowsKnown = true;
                    // pg_blocking_pids() names one locker of a shared row (the transaction the
                    // waiter waits for now): the waiter's tuple lock names the row, pgrowlocks
                    // every locker of it, and each of them blocks the waiter.
                    for (const LockRow& l : p.rows) {
                        if (l.locktype != u"tuple" || !l.granted || l.relationOid != oid)
                            continue;
                        const auto w = p.waitingFor.find(l.pid);
                        if (w == p.waitingFor.end() || w->second->locktype != u"transactionid")
                            continue;
                        const QString ctid = QStringLiteral("(%1,%2)").arg(l.page).arg(l.tuple);
                        for (int locker : rowLockers[ctid]) {
                            std::vector<int>& ws = rowWaiters[{locker, oid}];
                            if (locker != l.pid &&
                                std::find(ws.begin(), ws.end(), l.pid) == ws.end())
                                ws.push_back(l.pid);
                            if (ws.empty())
                                rowWaiters.erase({locker, oid});
                        }
                    }
                } catch (const pqxx::sql_error& err) {
                    if (!isLockQueued(err))
                        throw;
                    lockQueue = true;
                    lockedRows.clear();
                    logicalRows.clear();
                    unnamedRows.clear();
                }
            }
        }
        for (const auto& [pid, h] : group) {
            const auto waiters = rowWaiters.find({pid, oid});
            const bool blocking = waiters != rowWaiters.end();
            if (rowsKnown && !blocking && lockedRows.find(pid) == lockedRows.end())
                continue; // a table lock but no row locked any more, and nobody waits on it
            auto obs = std::make_shared<PgBackendObservation>();
            obs->target = {PgLockTarget::Type::Relation, 0, 0, 0, oid};
            obs->rows = lockedRows[pid];
            obs->modes = h->modes;
            LockEntry e = holderEntry(p.backends[pid], p.now, obs);
            obs->vxid = h->vxid;
            e.kind = postgreskinds::kRow;
            e.resource = table;
            if (!logicalRows[pid].isEmpty() && unnamedRows[pid] == 0) {
                QStringList names = logicalRows[pid];
                names.removeDuplicates();
                e.logicalResource = names.join(QStringLiteral(", "));
            } else {
                e.logicalResource = table;
            }
            if (!isOwnRowTable(m_config.config, table))
                e.flags |= LockFlag::Foreign;
            if (blocking)
                e.waiters = p.names(waiters->second);
            e.raw =
                obs->rows.isEmpty()
                    ? QStringLiteral("%1 on %2 (%3)")
                          .arg(h->modes.join(QStringLiteral(", ")), table,
                               lockQueue ? QStringLiteral("rows not readable now: lock queue")
                               : noSelect
                                   ? PostgresGrants::rowsHint(table, m_config.config.postgres.value(
                                                                         QStringLiteral("user")))
                               : rowsKnown || haveRowLocks
                                   ? QStringLiteral("rows not readable")
                                   : QStringLiteral("install pgrowlocks to see the rows"))
                    : QStringLiteral("%1 rows locked: %2")
                          .arg(table, obs->rows.join(QStringLiteral(", ")));
            e.raw = DisplayText::forTerminal(e.raw); // names and keys from the server
            out.push_back(std::move(e));
        }
    }
}

LockEntry PostgresScanner::tableEntry(Pass& p, int pid, int64_t oid, const QString& table,
                                      const QString& vxid, const QStringList& modes,
                                      const std::vector<int>& waiters) {
    auto obs = std::make_shared<PgBackendObservation>();
    obs->target = {PgLockTarget::Type::Table, 0, 0, 0, oid};
    obs->modes = modes;
    LockEntry e = holderEntry(p.backends[pid], p.now, obs);
    obs->vxid = vxid;
    e.kind = postgreskinds::kRelation;
    e.resource = table;
    e.logicalResource = table;
    e.flags |= LockFlag::Foreign; // LockScope never locks whole tables
    e.waiters = p.names(waiters);
    e.raw = QStringLiteral("%1 on %2 granted to pid %3")
                .arg(modes.join(QStringLiteral(", ")), table)
                .arg(pid);
    e.raw = DisplayText::forTerminal(e.raw); // names and keys from the server
    return e;
}

bool PostgresScanner::isOwnRowTable(const NamespaceConfig& config, const QString& table) {
    const QString schema = QString::fromStdString(config.pgSchema());
    return table == schema + QStringLiteral(".row_locks") ||
           table == schema + QStringLiteral(".items");
}

std::string PostgresScanner::rowLockSql(const NamespaceConfig& config, const QString& table,
                                        const std::vector<std::string>& keyColumns, bool* itemIds) {
    // (ctid, pids, name or NULL, key or NULL): LockScope's tables name their rows (the resource
    // column; the shop's items by id, *itemIds); other tables show their primary key.
    *itemIds = false;
    const std::string schema = config.pgSchema();
    const QString q = QString::fromStdString(schema);
    if (table == q + QStringLiteral(".row_locks"))
        return "SELECT p.locked_row::text, p.pids, t.resource, NULL FROM pgrowlocks($1) p JOIN " +
               schema + ".row_locks t ON t.ctid = p.locked_row";
    if (table == q + QStringLiteral(".items")) {
        *itemIds = true;
        return "SELECT p.locked_row::text, p.pids, t.id::text, NULL FROM pgrowlocks($1) p JOIN " +
               schema + ".items t ON t.ctid = p.locked_row";
    }
    if (keyColumns.empty())
        return "SELECT locked_row::text, pids, NULL, NULL FROM pgrowlocks($1)";
    // "id=3" or "a=1, b=2". Identifiers and labels come from the catalog, quoted here; the
    // table name is the server's own format('%I.%I').
    auto replaced = [](const std::string& s, char c) {
        std::string out;
        for (char ch : s) {
            out += ch;
            if (ch == c)
                out += c;
        }
        return out;
    };
    std::string key;
    for (const std::string& c : keyColumns) {
        if (!key.empty())
            key += " || ', ' || ";
        // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, a false positive) on
        // "literal" + std::string&& chains.
        key.append("'").append(replaced(c, '\'')).append("=' || coalesce(t.\"");
        key.append(replaced(c, '"')).append("\"::text, 'NULL')");
    }
    return "SELECT p.locked_row::text, p.pids, NULL, " + key + " FROM pgrowlocks($1) p LEFT JOIN " +
           table.toStdString() + " t ON t.ctid = p.locked_row";
}

QString PostgresScanner::itemResource(int64_t id) {
    return QString::fromStdString(Purchaser::resourceFor(int(id)));
}

void PostgresScanner::addLeases(Pass& p, std::vector<LockEntry>& out) {
    if (!p.tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", p.schema + ".leases")[0]
             .as<bool>())
        return;
    for (const auto& r : p.tx.exec(
             "SELECT resource, owner, version, "
             "coalesce((extract(epoch FROM acquired_at) * 1000)::bigint, 0), "
             "greatest(0, ceil(extract(epoch FROM expires_at - clock_timestamp()) * "
             "1000))::bigint, "
             "floor(extract(epoch FROM clock_timestamp() - expires_at) * 1000)::bigint FROM " +
             p.schema + ".leases WHERE owner IS NOT NULL")) {
        auto obs = std::make_shared<LeaseObservation>();
        obs->owner = r[1].as<std::string>();
        obs->version = r[2].as<int64_t>();
        LockEntry e;
        e.backend = Backend::Postgres;
        e.kind = postgreskinds::kLease;
        e.resource = text(r[0]);
        e.logicalResource = e.resource;
        e.rawBytes = QByteArray::fromStdString(r[0].as<std::string>() + '\0' + obs->owner + '\0' +
                                               std::to_string(obs->version));
        e.holder = QString::fromStdString(obs->owner);
        e.token = obs->version;
        e.acquiredAtMs = r[3].as<int64_t>();
        e.leaseMs = r[4].as<int64_t>();
        e.observedAtMs = p.now;
        if (m_config.stale.leaseStale(r[5].as<int64_t>()))
            e.flags |= LockFlag::Stale; // expired longer than the grace, never released
        if (OwnerProbe::isOrphaned(e.holder))
            e.flags |= LockFlag::Orphaned;
        e.raw = QStringLiteral("%1.leases: owner %2, version %3")
                    .arg(QString::fromStdString(p.schema), e.holder)
                    .arg(obs->version);
        e.raw = DisplayText::forTerminal(e.raw); // names and keys from the server
        e.observation = std::move(obs);
        out.push_back(std::move(e));
    }
}

} // namespace lockscope
