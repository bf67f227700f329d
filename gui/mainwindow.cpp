#include "gui/mainwindow.h"

#include "gui/connectionindicator.h"
#include "gui/connectionprobe.h"

#include <QLabel>
#include <QStatusBar>

namespace lockscope {

MainWindow::MainWindow(Endpoints endpoints, QWidget* parent)
    : QMainWindow(parent)
    , m_endpoints(std::move(endpoints)) {
    setWindowTitle(tr("LockScope"));
    resize(1200, 760);
    auto* placeholder = new QLabel(tr("Connecting to Redis, ZooKeeper and PostgreSQL…"), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);

    for (Backend b : {Backend::Redis, Backend::ZooKeeper, Backend::Postgres}) {
        auto* ind = new ConnectionIndicator(b, this);
        m_indicators.insert(b, ind);
        statusBar()->addPermanentWidget(ind);
    }

    qRegisterMetaType<Backend>("lockscope::Backend");
    qRegisterMetaType<ConnectionProbe::State>("lockscope::ConnectionProbe::State");
    m_probe = new ConnectionProbe(m_endpoints);
    m_probe->moveToThread(&m_ioThread);
    connect(&m_ioThread, &QThread::finished, m_probe, &QObject::deleteLater);
    connect(&m_ioThread, &QThread::started, m_probe, &ConnectionProbe::start);
    connect(m_probe, &ConnectionProbe::status, this,
            [this](Backend b, ConnectionProbe::State s, double rtt, const QString& version,
                   const QString& error) {
                if (auto* ind = m_indicators.value(b))
                    ind->setStatus(s, rtt, version, error);
            });
    m_ioThread.setObjectName(QStringLiteral("lockscope-io"));
    m_ioThread.start();
}

MainWindow::~MainWindow() {
    m_ioThread.quit();
    m_ioThread.wait();
}

} // namespace lockscope
