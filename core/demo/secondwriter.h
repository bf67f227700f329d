#pragma once

#include "core/namespaceconfig.h"

#include <QString>
#include <chrono>
#include <stop_token>

namespace lockscope {

/// For the faults that take a holder's lock away while it holds on (failover, server restart):
/// waits until the item's stock in the store is no longer what the holder read, i.e. another
/// buyer (a second holder) has written it. True when that happened within limit; false when the
/// time ran out or stop was requested. The store's own failures are waited through.
bool waitForSecondWriter(const NamespaceConfig& config, const QString& store, int item,
                         int stockRead, std::chrono::milliseconds limit, std::stop_token stop);

} // namespace lockscope
