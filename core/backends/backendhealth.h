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
};

} // namespace lockscope
