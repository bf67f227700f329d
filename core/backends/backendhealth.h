#pragma once

#include <QString>

namespace lockscope {

/// One probe of one server.
struct BackendHealth {
    enum class State { Connecting, Connected, Down };
    State state = State::Connecting;
    double rttMs = 0;
    QString version; ///< server version (or session id) when connected
    QString error;   ///< why it is down; never contains a password
    /// What stands behind the URI, when more than one server: "Cluster: 3 primaries",
    /// "Sentinel: primary 127.0.0.1:6380", "ensemble: 127.0.0.1:2181 leader, ..."; empty for a
    /// single server.
    QString topology;
};

} // namespace lockscope
