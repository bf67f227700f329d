#pragma once

#include "connectors/backend.h"
#include "gui/endpoints.h"

#include <QMainWindow>
#include <QMap>
#include <QThread>

namespace lockscope {

class ConnectionIndicator;
class ConnectionProbe;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Endpoints endpoints, QWidget* parent = nullptr);
    ~MainWindow() override;

    ConnectionIndicator* indicator(Backend backend) const { return m_indicators.value(backend); }

private:
    Endpoints m_endpoints;
    QThread m_ioThread;
    ConnectionProbe* m_probe = nullptr;
    QMap<Backend, ConnectionIndicator*> m_indicators;
};

} // namespace lockscope
