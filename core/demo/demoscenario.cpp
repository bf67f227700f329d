#include "core/demo/demoscenario.h"

#include "core/locks/lockstrategy.h"
#include "core/shop/racepurchaser.h"
#include "core/shop/stockstore.h"

#include <QJsonArray>

namespace lockscope {

QString DemoScenario::raceName(Race r) {
    switch (r) {
    case Race::Stock:
        return QStringLiteral("stock");
    case Race::DoubleCharge:
        return QStringLiteral("double-charge");
    case Race::Cart:
        return QStringLiteral("cart");
    }
    return {};
}

bool DemoScenario::parseRace(const QString& name, Race* out) {
    for (const Race r : {Race::Stock, Race::DoubleCharge, Race::Cart}) {
        if (raceName(r) == name) {
            *out = r;
            return true;
        }
    }
    return false;
}

QStringList DemoScenario::raceNames() {
    return {raceName(Race::Stock), raceName(Race::DoubleCharge), raceName(Race::Cart)};
}

QString DemoScenario::faultName(Fault f) {
    switch (f) {
    case Fault::None:
        return QStringLiteral("none");
    case Fault::Crash:
        return QStringLiteral("crash");
    case Fault::Pause:
        return QStringLiteral("pause");
    case Fault::SlowRelease:
        return QStringLiteral("slow-release");
    case Fault::Failover:
        return QStringLiteral("failover");
    case Fault::Partition:
        return QStringLiteral("partition");
    case Fault::ServerRestart:
        return QStringLiteral("server-restart");
    case Fault::LeaderKill:
        return QStringLiteral("leader-kill");
    }
    return {};
}

namespace {
constexpr DemoScenario::Fault kFaults[] = {
    DemoScenario::Fault::None,          DemoScenario::Fault::Crash,
    DemoScenario::Fault::Pause,         DemoScenario::Fault::SlowRelease,
    DemoScenario::Fault::Failover,      DemoScenario::Fault::Partition,
    DemoScenario::Fault::ServerRestart, DemoScenario::Fault::LeaderKill};
} // namespace

bool DemoScenario::parseFault(const QString& name, Fault* out) {
    for (Fault f : kFaults) {
        if (faultName(f) == name) {
            *out = f;
            return true;
        }
    }
    return false;
}

QStringList DemoScenario::faultNames() {
    QStringList names;
    for (Fault f : kFaults)
        names << faultName(f);
    return names;
}

QString DemoScenario::partitionName(PartitionTarget t) {
    return t == PartitionTarget::Store ? QStringLiteral("store") : QStringLiteral("lock");
}

bool DemoScenario::parsePartition(const QString& name, PartitionTarget* out) {
    for (PartitionTarget t : {PartitionTarget::Lock, PartitionTarget::Store}) {
        if (partitionName(t) == name) {
            *out = t;
            return true;
        }
    }
    return false;
}

bool DemoScenario::faultNeedsLock() const {
    switch (fault) {
    case Fault::None:
        return false;
    case Fault::Crash:
    case Fault::Pause:
    case Fault::SlowRelease:
    case Fault::ServerRestart:
    case Fault::LeaderKill:
        return true;
    case Fault::Failover: // its own rules (validate): redis, or none to show it oversells anyway
        return false;
    case Fault::Partition:
        return partition == PartitionTarget::Lock;
    }
    return false;
}

QString DemoScenario::validate() const {
    if (race != Race::Stock) {
        // The other races need a UNIQUE constraint and a transaction: PostgreSQL only.
        if (store != u"postgres")
            return QStringLiteral("--scenario %1 keeps its orders and carts in PostgreSQL: use "
                                  "--store postgres (got '%2'; redis and zookeeper stores apply "
                                  "to --scenario stock only)")
                .arg(raceName(race), store);
        if (strategy == u"atomic")
            return QStringLiteral("--strategy atomic is the stock race's conditional decrement: "
                                  "for --scenario %1 use --strategy idempotency (its lock-free "
                                  "protection: a UNIQUE constraint)")
                .arg(raceName(race));
        if (!RacePurchaser::strategiesFor(race).contains(strategy))
            return QStringLiteral("--strategy: unknown strategy '%1' (expected one of %2)")
                .arg(strategy, RacePurchaser::strategiesFor(race).join(QStringLiteral(", ")));
        if (qty != 1)
            return QStringLiteral("--qty: --scenario %1 adds or charges one at a time (leave "
                                  "out --qty)")
                .arg(raceName(race));
    } else if (strategy == u"idempotency") {
        return QStringLiteral("--strategy idempotency applies to --scenario double-charge and "
                              "cart: for --scenario stock use --strategy atomic (its lock-free "
                              "protection: a conditional decrement)");
    }
    if (race == Race::Stock && !LockStrategy::allNames().contains(strategy))
        return QStringLiteral("--strategy: unknown strategy '%1' (expected one of %2)")
            .arg(strategy, LockStrategy::allNames().join(QStringLiteral(", ")));
    if (!StockStore::names().contains(store))
        return QStringLiteral("--store: unknown store '%1' (expected postgres, redis or zookeeper)")
            .arg(store);
    if (items < 1 || items > 1000)
        return QStringLiteral("--items must be from 1 to 1000 (got %1)").arg(items);
    if (stock < 0 || stock > 1000000)
        return QStringLiteral("--stock must be from 0 to 1000000 (got %1)").arg(stock);
    if (buyers < 1 || buyers > 512)
        return QStringLiteral("--buyers must be from 1 to 512 (got %1)").arg(buyers);
    if (attempts < 0)
        return QStringLiteral("--attempts must be 0 (until sold out) or more (got %1)")
            .arg(attempts);
    if (qty < 1)
        return QStringLiteral("--qty must be at least 1 (got %1)").arg(qty);
    if (pay.count() < 0 || pay.count() > 600000)
        return QStringLiteral("--pay-ms must be from 0 to 600000 (got %1)").arg(pay.count());
    if (lease.count() < 10)
        return QStringLiteral("--lease-ms must be at least 10 (got %1)").arg(lease.count());
    if (fault == Fault::Failover && processes > 0)
        return QStringLiteral("--fault failover runs its buyers as threads: leave out --processes");
    if (fault == Fault::Failover && strategy != u"redis" && strategy != u"none")
        return QStringLiteral("--fault failover fails over the Redis lock server: use "
                              "--strategy redis (or none, to compare)");
    if (faultRate < 0 || faultRate > 1)
        return QStringLiteral("--fault-rate must be from 0 to 1 (got %1)").arg(faultRate);
    if (processes < 0 || processes > 64)
        return QStringLiteral("--processes must be from 0 to 64 (got %1)").arg(processes);
    if (processes > buyers)
        return QStringLiteral("--processes (%1) cannot exceed --buyers (%2)")
            .arg(processes)
            .arg(buyers);
    if (fault == Fault::ServerRestart && processes > 0)
        return QStringLiteral("--fault server-restart runs buyers as threads (drop --processes)");
    if (fault == Fault::ServerRestart && !LockStrategy::lockingNames().contains(strategy))
        return QStringLiteral("--fault server-restart: strategy '%1' takes no lock").arg(strategy);
    if (fault == Fault::LeaderKill && processes > 0)
        return QStringLiteral("--fault leader-kill runs buyers as threads (drop --processes)");
    if (fault == Fault::LeaderKill && strategy != u"zookeeper")
        return QStringLiteral("--fault leader-kill kills the ZooKeeper ensemble's leader: it "
                              "applies to --strategy zookeeper (strategy '%1' does not lock on "
                              "ZooKeeper)")
            .arg(strategy);
    if (fault == Fault::Partition && processes > 0)
        return QStringLiteral("--fault partition runs buyers as threads: the fault proxy is put in "
                              "front of the server for one buyer of this process (drop "
                              "--processes)");
    if (fault == Fault::Partition && partition == PartitionTarget::Lock &&
        !LockStrategy::lockingNames().contains(strategy))
        return QStringLiteral("--fault partition --partition lock: strategy '%1' takes no lock "
                              "(use --partition store)")
            .arg(strategy);
    return {};
}

std::chrono::milliseconds DemoScenario::effectiveFaultDuration() const {
    if (faultDuration.count() > 0)
        return faultDuration;
    return fault == Fault::SlowRelease ? lease / 2 : lease * 2; // pause, partition: 2 x lease
}

QJsonObject DemoScenario::toJson() const {
    return QJsonObject{
        {QStringLiteral("scenario"), raceName(race)},
        {QStringLiteral("strategy"), strategy},
        {QStringLiteral("store"), store},
        {QStringLiteral("items"), items},
        {QStringLiteral("stock"), stock},
        {QStringLiteral("buyers"), buyers},
        {QStringLiteral("attempts"), attempts},
        {QStringLiteral("qty"), qty},
        {QStringLiteral("pay_ms"), qint64(pay.count())},
        {QStringLiteral("lease_ms"), qint64(lease.count())},
        {QStringLiteral("lock_give_up_ms"), qint64(lockGiveUp.count())},
        {QStringLiteral("fencing"), fencing},
        {QStringLiteral("fault"), faultName(fault)},
        {QStringLiteral("fault_rate"), faultRate},
        {QStringLiteral("fault_ms"), qint64(effectiveFaultDuration().count())},
        {QStringLiteral("partition"), partitionName(partition)},
        {QStringLiteral("processes"), processes},
        {QStringLiteral("seed"), QString::number(seed)},
    };
}

QStringList DemoScenario::toCliArgs() const {
    return {QStringLiteral("--scenario"),
            raceName(race),
            QStringLiteral("--strategy"),
            strategy,
            QStringLiteral("--store"),
            store,
            QStringLiteral("--items"),
            QString::number(items),
            QStringLiteral("--stock"),
            QString::number(stock),
            QStringLiteral("--buyers"),
            QString::number(buyers),
            QStringLiteral("--attempts"),
            QString::number(attempts),
            QStringLiteral("--qty"),
            QString::number(qty),
            QStringLiteral("--pay-ms"),
            QString::number(pay.count()),
            QStringLiteral("--lease-ms"),
            QString::number(lease.count()),
            QStringLiteral("--wait-ms"),
            QString::number(wait.count()),
            QStringLiteral("--fencing"),
            fencing ? QStringLiteral("on") : QStringLiteral("off"),
            QStringLiteral("--fault"),
            faultName(fault),
            QStringLiteral("--fault-rate"),
            QString::number(faultRate),
            QStringLiteral("--fault-ms"),
            QString::number(faultDuration.count()),
            QStringLiteral("--partition"),
            partitionName(partition),
            QStringLiteral("--seed"),
            QString::number(seed),
            QStringLiteral("--lock-give-up-ms"),
            QString::number(lockGiveUp.count())};
}

} // namespace lockscope
