#pragma once

#include "core/namespaceconfig.h"

#include <QJsonObject>
#include <QString>
#include <chrono>

namespace lockscope {

/// `lockscope-cli bench lock`: acquire+release cycles of one strategy, uncontended (one client,
/// own resource) and contended (N clients, one resource), beside a reference loop that does the
/// same round trips with the bare client library and no lock logic:
///   redis      SET key value NX PX + EVAL compare-and-delete
///   zookeeper  create ephemeral-sequential + getChildren + delete
///   pg-*/lease BEGIN; SELECT ... FOR UPDATE; UPDATE; COMMIT
/// Reference and uncontended slices alternate (three rounds) so that machine noise hits both.
class LockBench {
public:
    struct Options {
        NamespaceConfig config;
        QString strategy;
        int clients = 32;
        std::chrono::milliseconds duration{6000};
    };
    /// Throws std::invalid_argument (unknown strategy), ReadOnlyRefusal (read-only mode, before
    /// anything is created) or ConnectorError.
    static QJsonObject run(const Options& options);
};

} // namespace lockscope
