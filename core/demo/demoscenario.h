#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <chrono>
#include <cstdint>

namespace lockscope {

/// One contention demo: who races for what, with which strategy, and which faults.
struct DemoScenario {
    /// Which of the shop's races the run plays (`demo --scenario`, JSON "scenario"):
    /// Stock: buyers race for the last items (inventory; oversells).
    /// DoubleCharge: payment confirmations for one order race (order processing; a customer
    /// charged twice). Cart: two tabs apply a one-time discount and update one cart (user
    /// transactions; the discount used twice, a cart update lost).
    enum class Race { Stock, DoubleCharge, Cart };
    /// Failover: a Sentinel failover that loses the lock of the first holder (SentinelFailover).
    /// Partition: the holder cut off from its lock server or its store (PartitionSwitch).
    /// ServerRestart: the sandbox's lock server restarted under a holder
    /// (ServerRestartInjector). LeaderKill: the ZooKeeper ensemble's leader SIGKILLed under the
    /// first holder (LeaderKillInjector).
    enum class Fault {
        None,
        Crash,
        Pause,
        SlowRelease,
        Failover,
        Partition,
        ServerRestart,
        LeaderKill
    };
    /// What a partition cuts the holder off from: its lock server, or the stock store.
    enum class PartitionTarget { Lock, Store };

    Race race = Race::Stock;
    QString strategy = QStringLiteral("redis"); ///< any LockStrategy::allNames()
    QString store = QStringLiteral("postgres"); ///< postgres, redis, zookeeper
    int items = 1;
    int stock = 10; ///< initial stock of each item
    int buyers = 32;
    int attempts = 0; ///< purchases each buyer attempts; 0 = until sold out
    int qty = 1;
    std::chrono::milliseconds pay{5};
    std::chrono::milliseconds lease{2000};
    std::chrono::milliseconds wait{10000}; ///< lock wait deadline per purchase
    /// A buyer whose attempts on an item were nothing but lock timeouts for this long, while
    /// no buyer got that lock, gives up on it (the lock is held from outside the run).
    std::chrono::milliseconds lockGiveUp{30000};
    bool fencing = true;
    Fault fault = Fault::None;
    double faultRate = 0.1;
    /// 0: pause and partition = 2 x lease, slow release = lease / 2; server restart: how long
    /// the holder waits after the restart for a second holder (2 x lease)
    std::chrono::milliseconds faultDuration{0};
    PartitionTarget partition = PartitionTarget::Lock; ///< for Fault::Partition
    int processes = 0; ///< 0: buyers are threads; N: spread over N worker processes
    uint64_t seed = 1;

    /// Empty when valid, else a message that names the bad argument ("--buyers must be ...").
    QString validate() const;
    std::chrono::milliseconds effectiveFaultDuration() const;
    QJsonObject toJson() const;
    /// The options as `lockscope-cli demo` takes them (used to start worker processes).
    QStringList toCliArgs() const;

    /// "stock", "double-charge", "cart" (CLI, JSON).
    static QString raceName(Race r);
    /// false for an unknown name
    static bool parseRace(const QString& name, Race* out);
    static QStringList raceNames();

    static QString faultName(Fault f);
    /// false for an unknown name
    static bool parseFault(const QString& name, Fault* out);
    /// Every fault's name, in order ("none", "crash", ...).
    static QStringList faultNames();
    /// "lock", "store".
    static QString partitionName(PartitionTarget t);
    /// false for an unknown name
    static bool parsePartition(const QString& name, PartitionTarget* out);
    /// Whether the fault strikes a lock holder (crash, pause, slow release, a partition from
    /// the lock server): meaningless for the lock-free strategies none and atomic. (Failover
    /// has rules of its own: validate().)
    bool faultNeedsLock() const;
    /// Item ids a run uses: 1001 .. 1000 + items (kept apart from the demo inventory's 1..5).
    int itemId(int index) const { return 1001 + index; }
};

} // namespace lockscope

/// Crosses from the GUI to the demo worker thread by a queued call.
Q_DECLARE_METATYPE(lockscope::DemoScenario)
