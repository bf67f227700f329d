#pragma once

#include "connectors/backend.h"
#include "core/monitor/connectionprobe.h"

#include <QLabel>

namespace lockscope {

/// One status-bar entry: a coloured dot, the server's name, its state and round-trip time.
class ConnectionIndicator : public QLabel {
    Q_OBJECT
public:
    explicit ConnectionIndicator(Backend backend, QWidget* parent = nullptr);
    /// topology: what stands behind the URI when more than one server (BackendHealth): its
    /// first words in the bar ("Cluster: 3 primaries", "ensemble"), all of it in the tooltip.
    void setStatus(ConnectionProbe::State state, double rttMs, const QString& version,
                   const QString& error, const QString& topology = {});
    ConnectionProbe::State state() const { return m_state; }
    /// How many probe results it has shown.
    int updates() const { return m_updates; }

private:
    Backend m_backend;
    ConnectionProbe::State m_state = ConnectionProbe::State::Connecting;
    int m_updates = -1; // the constructor's initial "connecting" is not a probe result
};

} // namespace lockscope
