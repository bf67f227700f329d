#include "gui/timelinepage.h"

#include "core/monitor/displaytext.h"
#include "gui/historysettingsdialog.h"
#include "gui/timelinewidget.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace lockscope {

namespace {

QString stamp(int64_t ms) {
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd hh:mm:ss.zzz"));
}

QString duration(int64_t ms) {
    if (ms < 10'000)
        return TimelinePage::tr("%1 ms").arg(ms);
    if (ms < 600'000)
        return TimelinePage::tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    if (ms < 36'000'000)
        return TimelinePage::tr("%1 min").arg(double(ms) / 60'000.0, 0, 'f', 1);
    return TimelinePage::tr("%1 h").arg(double(ms) / 3'600'000.0, 0, 'f', 1);
}

QString endText(HoldEnd end) {
    switch (end) {
    case HoldEnd::Open:
        return TimelinePage::tr("still held");
    case HoldEnd::Released:
        return TimelinePage::tr("released");
    case HoldEnd::Expired:
        return TimelinePage::tr("expired (lease ran out)");
    case HoldEnd::ForceReleased:
        return TimelinePage::tr("force-released by an operator");
    case HoldEnd::HolderDied:
        return TimelinePage::tr("holder died");
    case HoldEnd::Unobserved:
        return TimelinePage::tr("unobserved (server or console down)");
    }
    return {};
}

} // namespace

TimelinePage::TimelinePage(QWidget* parent)
    : QWidget(parent) {
    m_window = new QComboBox(this);
    m_window->addItem(tr("Last 5 minutes"), qint64(5 * 60'000));
    m_window->addItem(tr("Last hour"), qint64(3'600'000));
    m_window->addItem(tr("Last 24 hours"), qint64(86'400'000));
    m_window->addItem(tr("Last 7 days"), qint64(7 * 86'400'000LL));
    m_live = new QToolButton(this);
    m_live->setText(tr("Live"));
    m_live->setCheckable(true);
    m_live->setChecked(true);
    m_live->setToolTip(tr("Keep the right edge at now. Dragging the chart stops following."));
    m_fit = new QToolButton(this);
    m_fit->setText(tr("Fit"));
    m_fit->setToolTip(tr("Show the span of the holds loaded, and the longest of them"));
    m_summary = new QLabel(this);
    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* settings = new QToolButton(this);
    settings->setText(tr("History settings…"));
    settings->setToolTip(tr("Where the history is recorded and how long it is kept"));
    connect(settings, &QToolButton::clicked, this, [this] {
        QSettings store;
        HistorySettingsDialog dialog(HistorySettings::load(store), this);
        if (dialog.exec() == QDialog::Accepted)
            dialog.settings().save(store);
    });
    auto* hint = new QLabel(tr("Wheel: zoom · drag: pan · click a bar: details"), this);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Window:"), this));
    bar->addWidget(m_window);
    bar->addWidget(m_live);
    bar->addWidget(m_fit);
    bar->addSpacing(12);
    bar->addWidget(m_summary);
    bar->addStretch(1);
    bar->addWidget(hint);
    bar->addWidget(settings);

    m_timeline = new TimelineWidget(this);
    m_lanesBar = new QScrollBar(Qt::Vertical, this);
    auto* chart = new QWidget(this);
    auto* chartLayout = new QHBoxLayout(chart);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->setSpacing(0);
    chartLayout->addWidget(m_timeline, 1);
    chartLayout->addWidget(m_lanesBar);

    m_details = new QLabel(this);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setMargin(8);
    m_details->setMinimumWidth(
        330); // a date-time, a 19-digit token or an owner id fits beside its name
    m_details->setText(tr("<i>Click a bar to see that hold.</i>"));

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(chart);
    split->addWidget(m_details);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);

    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &TimelinePage::tick);
    m_reloadSoon = new QTimer(this);
    m_reloadSoon->setSingleShot(true);
    m_reloadSoon->setInterval(150);
    connect(m_reloadSoon, &QTimer::timeout, this, &TimelinePage::reload);

    connect(m_window, &QComboBox::currentIndexChanged, this, [this] {
        const int64_t span = m_window->currentData().toLongLong();
        const int64_t now = QDateTime::currentMSecsSinceEpoch();
        m_timeline->setNow(now);
        m_timeline->setView(m_timeline->following() ? now - span : m_timeline->viewTo() - span,
                            m_timeline->following() ? now : m_timeline->viewTo());
        reload();
    });
    connect(m_live, &QToolButton::toggled, m_timeline, &TimelineWidget::setFollowing);
    connect(m_timeline, &TimelineWidget::followingChanged, m_live, &QToolButton::setChecked);
    connect(m_timeline, &TimelineWidget::viewChanged, this, [this](qint64 from, qint64 to) {
        if (from < m_loadedFrom || to > m_loadedTo || (to - from) * 4 < m_loadedTo - m_loadedFrom)
            m_reloadSoon->start();
    });
    connect(m_timeline, &TimelineWidget::holdClicked, this, &TimelinePage::showHold);
    connect(m_fit, &QToolButton::clicked, this, [this] {
        if (m_timeline->fitToData())
            m_timeline->selectLongest();
    });
    connect(m_timeline, &TimelineWidget::lanesChanged, this, &TimelinePage::updateScrollBar);
    connect(m_lanesBar, &QScrollBar::valueChanged, m_timeline, &TimelineWidget::setFirstLane);
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    m_timeline->setNow(now);
    m_timeline->setView(now - 5 * 60'000, now);
}

void TimelinePage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    m_timeline->setNow(QDateTime::currentMSecsSinceEpoch());
    m_tick->start();
    updateScrollBar();
    reload();
}

void TimelinePage::tick() {
    if (!isVisible()) {
        m_tick->stop();
        return;
    }
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    m_timeline->setNow(now);
    updateScrollBar();
    // Following: new holds come from the store every other second.
    if (m_timeline->following() && now - m_lastLoadMs >= 2000)
        reload();
}

void TimelinePage::reload() {
    const int64_t span = m_timeline->viewTo() - m_timeline->viewFrom();
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    // The view and half a view on each side: a pan or zoom-out of that much needs no read.
    m_loadedFrom = m_timeline->viewFrom() - span / 2;
    m_loadedTo = std::min(now + span / 2, m_timeline->viewTo() + span / 2);
    if (m_timeline->following())
        m_loadedTo = now + span;
    m_pending = m_nextRequest++;
    m_lastLoadMs = now;
    emit windowRequested(m_pending, m_loadedFrom, m_loadedTo);
}

void TimelinePage::setWindow(quint64 requestId, const HistoryWindow& window) {
    if (requestId != m_pending)
        return; // a later request is on its way
    m_timeline->setNow(QDateTime::currentMSecsSinceEpoch());
    m_timeline->setData(window);
    m_summary->setText(
        tr("%1 holds, %2 waits, %3 resources%4")
            .arg(QLocale().toString(qlonglong(window.holds.size())),
                 QLocale().toString(qlonglong(window.waits.size())),
                 QLocale().toString(m_timeline->laneCount()),
                 window.truncated ? tr(" (the newest only: zoom in for all)") : QString()));
    updateScrollBar();
}

void TimelinePage::setRecording(const QString& path) {
    m_status->setText(tr("Recording to %1").arg(DisplayText::forTerminal(path, 300)));
}

void TimelinePage::setError(const QString& message) {
    m_status->setText(DisplayText::forTerminal(message, 500));
}

void TimelinePage::updateScrollBar() {
    const int visible = m_timeline->visibleLanes();
    m_lanesBar->setRange(0, std::max(0, m_timeline->laneCount() - visible));
    m_lanesBar->setPageStep(visible);
    m_lanesBar->setVisible(m_timeline->laneCount() > visible);
}

void TimelinePage::showHold(const HoldRecord& h) {
    auto esc = [](const QString& s) { return DisplayText::forTerminal(s, 300).toHtmlEscaped(); };
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    QString html = QStringLiteral("<h3>%1</h3><table cellspacing=3>").arg(esc(h.resource));
    auto row = [&html](const QString& k, const QString& v) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(QString(k).replace(u' ', QStringLiteral("&nbsp;")), v);
    };
    row(tr("Server"), esc(backendDisplayName(h.backend)));
    row(tr("Kind"), esc(h.kind.isValid() ? h.kind.name() : QString()));
    row(tr("Holder"), esc(h.holder));
    row(tr("Token"), h.token ? QString::number(*h.token) : tr("none"));
    row(tr("Start"), stamp(h.startMs));
    row(tr("End"), h.isOpen() ? tr("—") : stamp(h.endMs));
    row(tr("Held"), duration(h.durationMs(now)));
    row(tr("How it ended"), endText(h.end));
    row(tr("Max waiters"), QString::number(h.maxWaiters));
    row(tr("Lease"), h.leaseMs ? duration(*h.leaseMs) : tr("none"));
    if (h.physical != h.resource)
        row(tr("Key / node"), esc(h.physical));
    if (h.foreign)
        row(tr("Taken by"), tr("another program"));
    html += QStringLiteral("</table>");
    m_details->setText(html);
}

} // namespace lockscope
