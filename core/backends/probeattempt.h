#pragma once

#include "connectors/connectorerror.h"
#include "connectors/urierror.h"
#include "core/backends/backendhealth.h"

#include <QElapsedTimer>

namespace lockscope {

/// One probe: fn connects when needed (setting version) and makes one round trip. A failure
/// drops the client so that the next probe reconnects.
template <class Client, class Fn>
BackendHealth probeAttempt(Client& client, const QString& version, Fn&& fn) {
    QElapsedTimer t;
    t.start();
    BackendHealth h;
    try {
        fn();
        h.state = BackendHealth::State::Connected;
        h.rttMs = double(t.nsecsElapsed()) / 1e6;
        h.version = version;
    } catch (const ConnectorError& e) {
        client.reset();
        h.state = BackendHealth::State::Down;
        h.error = e.message();
    } catch (const UriError& e) {
        client.reset();
        h.state = BackendHealth::State::Down;
        h.error = e.message();
    }
    return h;
}

} // namespace lockscope
