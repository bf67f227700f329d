#pragma once

#include "core/namespaceconfig.h"

#include <QJsonObject>

namespace lockscope {

/// `lockscope-cli bench monitor`: full-refresh time of each scanner at scale, on data it creates
/// in a namespace of its own (and deletes afterwards):
///   Redis      `locks` lock keys among `otherKeys` other keys (SCAN + pipelined reads)
///   ZooKeeper  one lock directory with `zkWaiters` contenders
///   PostgreSQL `pgBlocked` backends blocked behind one row lock
/// Memory: the growth of this process's resident set while a Redis snapshot is held, per lock.
class MonitorBench {
public:
    struct Options {
        NamespaceConfig config; ///< its ns is replaced by "lsbench"
        int locks = 10000;
        int otherKeys = 1000000;
        int zkWaiters = 10000;
        int pgBlocked = 500;
        int runs = 3;
    };
    static QJsonObject run(const Options& options);
};

} // namespace lockscope
