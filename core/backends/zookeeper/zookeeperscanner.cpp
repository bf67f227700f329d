#include "core/backends/zookeeper/zookeeperscanner.h"

#include "connectors/connectorerror.h"
#include "connectors/zksession.h"
#include "core/backends/zookeeper/zookeeperkinds.h"
#include "core/backends/zookeeper/zookeeperlock.h"
#include "core/monitor/displaytext.h"
#include "core/monitor/ownerprobe.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QScopeGuard>
#include <algorithm>

namespace lockscope {

ZooKeeperScanner::ZooKeeperScanner(const MonitorConfig& config, std::function<void()> onChange)
    : m_config(config)
    , m_onChange(std::move(onChange))
    , m_session(std::make_unique<ZkSession>(config.config.zookeeper)) {
    // Watches report every change while the session lives; a lost, regained or expired session
    // is reported as a change too, so that the monitor scans (and notices an outage) at once
    // instead of at its next timed scan of a watched backend (every 30 s).
    if (m_onChange)
        m_session->setStateListener([onChange = m_onChange](ZkSession::State) { onChange(); });
}

ZooKeeperScanner::~ZooKeeperScanner() = default;

ZooKeeperObservation::Recipe ZooKeeperScanner::recipeOf(const std::string& nodeName) {
    // Anchored at the very end ($ also matches before a final newline), ASCII digits only (\d
    // matches any Unicode digit): exactly the names the recipes create.
    static const QRegularExpression ours(
        QRegularExpression::anchoredPattern(QStringLiteral("_c_[0-9a-f]{32}-lock-[0-9]{10}")));
    static const QRegularExpression curator(QRegularExpression::anchoredPattern(QStringLiteral(
        "_c_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-lock-[0-9]{10}")));
    static const QRegularExpression kazoo(
        QRegularExpression::anchoredPattern(QStringLiteral("[0-9a-f]{32}__(r?lock)__[0-9]{10}")));
    const QString n = QString::fromStdString(nodeName);
    using Recipe = ZooKeeperObservation::Recipe;
    if (ours.match(n).hasMatch())
        return Recipe::LockScope;
    if (curator.match(n).hasMatch())
        return Recipe::Curator;
    if (kazoo.match(n).hasMatch())
        return Recipe::Kazoo;
    return Recipe::Other;
}

QString ZooKeeperScanner::logicalResourceOf(const NamespaceConfig& config, const std::string& dir,
                                            bool lockScopeRecipe) {
    auto unescape = [](const QString& s) {
        QString out = s;
        out.replace(QStringLiteral("%2F"), QStringLiteral("/"));
        out.replace(QStringLiteral("%25"), QStringLiteral("%"));
        return out;
    };
    const QString d = QString::fromStdString(dir);
    const QString own = QString::fromStdString(config.zkLockRoot()) + u'/';
    if (d.startsWith(own) && d.size() > own.size() && !d.mid(own.size()).contains(u'/'))
        return unescape(d.mid(own.size()));
    if (lockScopeRecipe) {
        static const QRegularExpression other(
            QRegularExpression::anchoredPattern(QStringLiteral("/[a-z_][a-z0-9_]*/locks/([^/]+)")));
        const auto m = other.match(d);
        if (m.hasMatch())
            return unescape(m.captured(1));
    }
    return d;
}

QByteArray ZooKeeperScanner::observedBytes(const ZooKeeperObservation& obs,
                                           const std::string& data) {
    QByteArray b = obs.path.toUtf8();
    b.append('\0');
    b.append(QStringLiteral("czxid=%1 ephemeralOwner=%2 version=%3")
                 .arg(obs.czxid)
                 .arg(obs.ephemeralOwner)
                 .arg(obs.version)
                 .toLatin1());
    b.append('\0');
    b.append(QByteArray::fromStdString(data));
    return b;
}

void ZooKeeperScanner::classifyNode(LockEntry& e, const MonitorConfig& config,
                                    const std::string& dir, const std::string& name,
                                    const ZkNode& node) {
    const std::string path = dir + "/" + name;
    const auto recipe = recipeOf(name);
    auto obs = std::make_shared<ZooKeeperObservation>();
    obs->recipe = recipe;
    obs->path = QString::fromStdString(path);
    obs->node = QString::fromStdString(name);
    obs->version = node.stat.version;
    obs->ephemeralOwner = node.stat.ephemeralOwner;
    obs->czxid = node.stat.czxid;
    obs->data = QByteArray::fromStdString(node.data);
    e.backend = Backend::ZooKeeper;
    e.kind = zookeeperkinds::kRecipe;
    e.resource = QString::fromStdString(dir);
    e.observedAtMs = QDateTime::currentMSecsSinceEpoch();
    e.acquiredAtMs = node.stat.ctimeMs;
    // Shown escaped and bounded (DisplayText); --expect names it by its exact bytes.
    const QString data = DisplayText::bytesForTerminal(obs->data, 200);
    e.holderBytes = obs->data.isEmpty() ? obs->node.toUtf8() : obs->data;
    const bool ours = recipe == ZooKeeperObservation::Recipe::LockScope;
    e.holder = ours && !data.isEmpty() ? data : obs->node;
    if (ours) {
        e.token = node.stat.czxid;
        // Its session outlives the process until it times out.
        if (OwnerProbe::isOrphaned(e.holder))
            e.flags |= LockFlag::Orphaned;
    } else {
        e.flags |= LockFlag::Foreign;
    }
    e.raw = QStringLiteral("%1 (data '%2', ephemeralOwner 0x%3, czxid %4)")
                .arg(DisplayText::forTerminal(obs->node), data)
                .arg(node.stat.ephemeralOwner, 0, 16)
                .arg(node.stat.czxid);
    if (node.stat.ephemeralOwner == 0) {
        e.flags |= LockFlag::NoExpiry; // persistent: never goes away by itself
        if (config.stale.zkPersistent)
            e.flags |= LockFlag::Stale;
    }
    e.logicalResource = logicalResourceOf(config.config, dir, ours);
    e.rawBytes = observedBytes(*obs, node.data);
    e.observation = std::move(obs);
}

std::vector<std::string> ZooKeeperScanner::childrenWatched(const std::string& path) {
    bool arm = false;
    {
        std::lock_guard lock(*m_armedMutex);
        arm = m_onChange && m_armed->insert(path).second;
    }
    if (!arm)
        return m_session->children(path);
    // The watch outlives nothing it captures by reference: shared state and a copied callback.
    auto mutex = m_armedMutex;
    auto armed = m_armed;
    auto onChange = m_onChange;
    // A watch that could not be armed must not count as armed.
    auto disarm = qScopeGuard([&] {
        std::lock_guard lock(*m_armedMutex);
        m_armed->erase(path);
    });
    auto kids = m_session->children(path, [mutex, armed, onChange, path](const ZkEvent&) {
        {
            std::lock_guard lock(*mutex);
            armed->erase(path);
        }
        onChange();
    });
    disarm.dismiss();
    return kids;
}

void ZooKeeperScanner::creationWatched(const std::string& path) {
    const std::string key = "+" + path; // apart from the children watch on the same path
    {
        std::lock_guard lock(*m_armedMutex);
        if (!m_onChange || !m_armed->insert(key).second)
            return;
    }
    auto mutex = m_armedMutex;
    auto armed = m_armed;
    auto onChange = m_onChange;
    auto disarm = qScopeGuard([&] {
        std::lock_guard lock(*m_armedMutex);
        m_armed->erase(key);
    });
    const auto stat = m_session->exists(path, [mutex, armed, onChange, key](const ZkEvent&) {
        {
            std::lock_guard lock(*mutex);
            armed->erase(key);
        }
        onChange();
    });
    disarm.dismiss();
    if (stat) // created between the two reads
        onChange();
}

ScanResult ZooKeeperScanner::scan() {
    ScanResult result;
    std::vector<LockEntry>& out = result.locks;
    QStringList roots = m_config.zkRoots;
    const QString own = QString::fromStdString(m_config.config.zkLockRoot());
    if (!roots.contains(own))
        roots.prepend(own);
    for (const QString& r : roots) {
        const std::string root = r.toStdString();
        std::vector<std::string> kids;
        try {
            kids = childrenWatched(root);
        } catch (const ConnectorError& e) {
            if (e.kind() == ConnectorError::Kind::NotFound) {
                creationWatched(root);
                continue; // no such root here (yet)
            }
            throw;
        }
        const bool rootIsLock = std::any_of(kids.begin(), kids.end(), [](const std::string& k) {
            return ZooKeeperLock::sequenceOf(k) >= 0;
        });
        if (rootIsLock) {
            scanDir(root, kids, out);
            continue;
        }
        for (const std::string& k : kids) {
            const std::string dir = root + "/" + k;
            try {
                const auto contenders = childrenWatched(dir);
                if (!contenders.empty())
                    scanDir(dir, contenders, out);
            } catch (const ConnectorError& e) {
                if (e.kind() != ConnectorError::Kind::NotFound)
                    throw; // deleted between the two reads: nothing to show
            }
        }
    }
    return result;
}

void ZooKeeperScanner::scanDir(const std::string& dir, const std::vector<std::string>& children,
                               std::vector<LockEntry>& out) {
    std::vector<std::pair<long long, std::string>> ordered;
    for (const auto& c : children) {
        const long long seq = ZooKeeperLock::sequenceOf(c);
        if (seq >= 0)
            ordered.emplace_back(seq, c);
    }
    if (ordered.empty())
        return;
    std::sort(ordered.begin(), ordered.end());
    // The holder is the lowest sequence that still exists (it may go between the two reads).
    for (const auto& [seq, name] : ordered) {
        const std::string path = dir + "/" + name;
        const auto node = m_session->get(path);
        if (!node)
            continue;
        LockEntry e;
        classifyNode(e, m_config, dir, name, *node);
        bool after = false;
        for (const auto& [s2, n2] : ordered) {
            if (after)
                e.waiters << QString::fromStdString(n2);
            if (n2 == name)
                after = true;
        }
        if (!e.waiters.isEmpty())
            e.flags |= LockFlag::Blocking;
        out.push_back(std::move(e));
        return;
    }
}

} // namespace lockscope
