#include "gui/leasespage.h"
#include "gui/chartaxis.h"
#include "gui/charttheme.h"
#include "gui/downbanner.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

namespace lockscope {

namespace {
constexpr int kMaxSeries = 12;
constexpr qint64 kWindowMs = 3 * 60 * 1000;
} // namespace

LeasesPage::LeasesPage(QWidget* parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_banner(new DownBanner(DownBanner::Subject::Leases, this)) {
    applyChartTheme(m_chart);
    m_chart->setTitle(tr("Lease remaining: renewed locks saw-tooth, dying ones fall to zero"));
    m_x = new QDateTimeAxis;
    m_x->setFormat(QStringLiteral("HH:mm:ss"));
    m_x->setTickCount(7);
    const QDateTime now = QDateTime::currentDateTime();
    m_x->setRange(now.addMSecs(-kWindowMs), now);
    m_y = new QValueAxis;
    setRoundRange(m_y, 10, false);
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setTitleText(tr("seconds left"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    auto* view = new QChartView(m_chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(view, 1);
}

void LeasesPage::addSnapshot(const Snapshot& snapshot) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!m_start)
        m_start = now;
    m_banner->setDown(snapshot.unknownSinceMs, snapshot.backendErrors, snapshot.refusedBackends);
    double maxY = m_y->max();
    for (const LockEntry& e : snapshot.locks) {
        if (!e.leaseMs || snapshot.isLastKnown(e))
            continue; // a down server's last known lease is not a sample of now
        QLineSeries* s = m_series.value(e.id());
        if (!s) {
            if (m_series.size() >= kMaxSeries)
                continue;
            s = new QLineSeries;
            s->setName(e.logical().left(40));
            m_chart->addSeries(s);
            s->attachAxis(m_x);
            s->attachAxis(m_y);
            m_series.insert(e.id(), s);
        }
        s->append(double(now), double(*e.leaseMs) / 1000.0);
        m_lastSeen[e.id()] = now;
        maxY = std::max(maxY, double(*e.leaseMs) / 1000.0 * 1.1);
    }
    // Scroll: x is absolute seconds; show the last window. Drop locks gone for a whole window.
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(now - kWindowMs),
                  QDateTime::fromMSecsSinceEpoch(now));
    if (maxY > m_y->max())
        setRoundRange(m_y, maxY, false); // ticks on round seconds, labels never cut
    for (auto it = m_lastSeen.begin(); it != m_lastSeen.end();) {
        if (now - it.value() > kWindowMs) {
            if (QLineSeries* s = m_series.take(it.key())) {
                m_chart->removeSeries(s);
                delete s;
            }
            it = m_lastSeen.erase(it);
        } else {
            QLineSeries* s = m_series.value(it.key());
            while (s && s->count() > 0 && s->at(0).x() < double(now - kWindowMs))
                s->remove(0);
            ++it;
        }
    }
}

} // namespace lockscope
