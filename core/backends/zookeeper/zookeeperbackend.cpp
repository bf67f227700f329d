#include "core/backends/zookeeper/zookeeperbackend.h"
#include "core/backends/zookeeper/zookeepergrants.h"

#include "connectors/connectorerror.h"
#include "connectors/zksession.h"
#include "core/backends/permissionadvice.h"
#include "core/backends/zookeeper/zkstockstore.h"
#include "core/backends/zookeeper/zookeeperbenchreference.h"
#include "core/backends/zookeeper/zookeeperkinds.h"
#include "core/backends/zookeeper/zookeeperlock.h"
#include "core/backends/zookeeper/zookeeperobservation.h"
#include "core/backends/zookeeper/zookeeperprobe.h"
#include "core/backends/zookeeper/zookeeperscanner.h"
#include "core/endpoints.h"
#include "core/monitor/lockentry.h"

#include <QCoreApplication>
#include <QUrl>

namespace lockscope {

namespace {

using Status = ReleaseOutcome::Status;

ReleaseOutcome deleteHolderNode(ZkSession& s, const ZooKeeperObservation& obs) {
    const std::string path = obs.path.toStdString();
    const auto st = s.exists(path);
    if (!st)
        return {Status::Changed, QStringLiteral("%1 is gone: nothing deleted").arg(obs.path)};
    if (st->ephemeralOwner != obs.ephemeralOwner || st->czxid != obs.czxid ||
        st->version != obs.version)
        return {Status::Changed,
                QStringLiteral("%1 changed (owner 0x%2, version %3): nothing deleted")
                    .arg(obs.path)
                    .arg(st->ephemeralOwner, 0, 16)
                    .arg(st->version)};
    try {
        // Conditional on the version: a node re-created at the same path in between has another
        // czxid and version history, and a sequential path is never reused anyway.
        s.remove(path, obs.version);
    } catch (const ConnectorError& err) {
        if (err.kind() == ConnectorError::Kind::NotFound ||
            err.kind() == ConnectorError::Kind::BadVersion)
            return {Status::Changed,
                    QStringLiteral("%1 changed at the last moment: nothing deleted").arg(obs.path)};
        throw;
    }
    // Re-observe: the very node observed (same creation zxid) must be gone.
    if (const auto after = s.exists(path); after && after->czxid == obs.czxid)
        return {Status::NothingReleased,
                QStringLiteral("%1 is still there after the delete").arg(obs.path)};
    return {Status::Released, QStringLiteral("deleted %1").arg(obs.path)};
}

} // namespace

QStringList ZooKeeperBackend::strategies() const {
    return {QStringLiteral("zookeeper")};
}

std::unique_ptr<LockStrategy>
ZooKeeperBackend::createStrategy(const QString&, const NamespaceConfig& config) const {
    return std::make_unique<ZooKeeperLock>(config);
}

std::vector<LockKind> ZooKeeperBackend::kinds() const {
    return {zookeeperkinds::kRecipe};
}

std::unique_ptr<BackendScanner>
ZooKeeperBackend::createScanner(const MonitorConfig& config, std::function<void()> onChange) const {
    return std::make_unique<ZooKeeperScanner>(config, std::move(onChange));
}

QString ZooKeeperBackend::describeRelease(const LockEntry& e, bool) const {
    const auto* obs = e.as<ZooKeeperObservation>();
    if (!obs)
        return QCoreApplication::translate("ReleasePlan",
                                           "nothing: %1 was not observed on ZooKeeper")
            .arg(e.resource);
    return QCoreApplication::translate(
               "ReleasePlan", "delete znode `%1` only if it is still version %2 of session 0x%3")
        .arg(obs->path)
        .arg(obs->version)
        .arg(obs->ephemeralOwner, 0, 16);
}

ReleaseOutcome ZooKeeperBackend::forceRelease(const NamespaceConfig& config, const LockEntry& e,
                                              bool) const {
    const auto* obs = e.as<ZooKeeperObservation>();
    if (!obs)
        return {Status::Failed,
                QStringLiteral("no ZooKeeper observation of %1: nothing done").arg(e.resource)};
    try {
        ZkSession s(config.zookeeper);
        return deleteHolderNode(s, *obs);
    } catch (const ConnectorError& err) {
        // A permission refusal says which grant is missing, not the server's bare word.
        return {Status::Failed, err.kind() == ConnectorError::Kind::NoAuth
                                    ? PermissionAdvice::explain(config, err, AccessRole::Release)
                                    : err.message()};
    }
}

std::unique_ptr<StockStore>
ZooKeeperBackend::createStockStore(const NamespaceConfig& config) const {
    return std::make_unique<ZkStockStore>(config);
}

QString ZooKeeperBackend::uriWithoutPassword(const QString& uri, QString* password) const {
    ZooKeeperUri u = ZooKeeperUri::parse(uri);
    if (password)
        *password = u.password;
    // Digest auth needs user:password together; the user stays, the password goes.
    const QString user = u.user;
    u.user.clear();
    u.password.clear();
    QString out = u.toString(true);
    if (!user.isEmpty())
        out.insert(int(out.indexOf(QStringLiteral("://"))) + 3, user + QStringLiteral(":@"));
    return out;
}

QString ZooKeeperBackend::uriWithPassword(const QString& uri, const QString& password) const {
    if (password.isEmpty())
        return uri;
    QString text = uri;
    text.replace(QStringLiteral(":@"),
                 QStringLiteral(":%1@").arg(QString::fromUtf8(QUrl::toPercentEncoding(password))));
    return text;
}

std::unique_ptr<BackendProbe> ZooKeeperBackend::createProbe(const Endpoints& endpoints) const {
    return std::make_unique<ZooKeeperProbe>(endpoints.zookeeper);
}

std::unique_ptr<BenchReference>
ZooKeeperBackend::createBenchReference(const NamespaceConfig& config) const {
    return std::make_unique<ZooKeeperBenchReference>(config);
}

QString ZooKeeperBackend::permissionHint(const NamespaceConfig& config, const ConnectorError& error,
                                         AccessRole role) const {
    return ZooKeeperGrants::hint(config, error, role);
}

} // namespace lockscope
