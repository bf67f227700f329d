#include "gui/demoreplaypanel.h"

#include "core/diagram/sequencediagrambuilder.h"
#include "core/diagram/sequencediagrampainter.h"
#include "gui/sequencediagramwidget.h"
#include "gui/verdictwhylabel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace lockscope {

namespace {
/// Play: the whole run in about this long, whatever its length.
constexpr int kPlayMs = 8000;
constexpr int kTickMs = 40;
} // namespace

DemoReplayPanel::DemoReplayPanel(QWidget* parent)
    : QWidget(parent) {
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    m_item = new QComboBox(this);
    m_item->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_play = new QPushButton(tr("Play"), this);
    m_play->setCheckable(true);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setToolTip(tr("Replay: the diagram shows what happened up to this moment"));
    m_time = new QLabel(this);
    m_time->setMinimumWidth(
        m_time->fontMetrics().horizontalAdvance(QStringLiteral("00,000 / 00,000 s")));
    row->addWidget(new QLabel(tr("Item:"), this));
    row->addWidget(m_item);
    row->addWidget(m_play);
    row->addWidget(m_slider, 1);
    row->addWidget(m_time);
    v->addLayout(row);
    m_diagram = new SequenceDiagramWidget(this);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_diagram);
    m_scroll->setWidgetResizable(true);
    v->addWidget(m_scroll, 1);
    m_why = new VerdictWhyLabel(this);
    v->addWidget(m_why);
    m_timer = new QTimer(this);
    m_timer->setInterval(kTickMs);
    connect(m_timer, &QTimer::timeout, this, &DemoReplayPanel::step);
    connect(m_play, &QPushButton::toggled, this, [this](bool on) {
        if (on && m_slider->value() >= m_slider->maximum())
            m_slider->setValue(0); // from the start again
        m_play->setText(on ? tr("Pause") : tr("Play"));
        on ? m_timer->start() : m_timer->stop();
    });
    connect(m_item, &QComboBox::currentIndexChanged, this, &DemoReplayPanel::showItem);
    connect(m_slider, &QSlider::valueChanged, this, &DemoReplayPanel::onSlider);
    clear(tr("Run a scenario: its diagram shows here, one item's buyers at a time."));
}

DemoHistory::Loaded DemoReplayPanel::historyOf(const DemoResult& r) {
    DemoHistory::Loaded h;
    h.scenario = r.scenario.toJson();
    for (const DemoVerdict::Item& item : r.verdict.items) {
        h.initial[item.id] = item.initial;
        if (r.verdict.finalKnown)
            h.final[item.id] = item.final;
    }
    h.records = r.history;
    h.faults = r.faults;
    h.crashedWorkers = r.crashedWorkers;
    h.buyersGaveUp = r.buyersGaveUp;
    h.verdictError = r.verdictError;
    h.lockUnobtainable = r.lockUnobtainable;
    return h;
}

void DemoReplayPanel::clear(const QString& message) {
    m_play->setChecked(false);
    m_history = {};
    m_shown = {};
    const QSignalBlocker block(m_item);
    m_item->clear();
    m_item->setEnabled(false);
    m_slider->setEnabled(false);
    m_play->setEnabled(false);
    m_slider->setRange(0, 0);
    m_time->clear();
    m_diagram->setDiagram({});
    m_diagram->setCursorUs(-1);
    m_why->showMessage(message);
}

void DemoReplayPanel::setResult(const DemoResult& r) {
    clear({});
    m_history = historyOf(r);
    const QList<int> items = SequenceDiagramBuilder::itemsOf(m_history);
    int first = -1; // the first item two buyers contended for
    {
        const QSignalBlocker block(m_item);
        for (int item : items) {
            const int buyers = int(SequenceDiagramBuilder::buyersOf(m_history, item).size());
            m_item->addItem(tr("%1 (%n buyer(s))", nullptr, buyers).arg(item), item);
            if (first < 0 && buyers > 1)
                first = m_item->count() - 1;
        }
        m_item->setCurrentIndex(std::max(0, first));
    }
    m_item->setEnabled(!items.isEmpty());
    if (items.isEmpty()) {
        m_why->showMessage(tr("The run made no purchase attempt: nothing to draw."));
        return;
    }
    showItem();
}

bool DemoReplayPanel::selectItem(int item) {
    const int at = m_item->findData(item);
    if (at < 0)
        return false;
    m_item->setCurrentIndex(at);
    return true;
}

void DemoReplayPanel::showItem() {
    m_play->setChecked(false);
    const int item = m_item->currentData().toInt();
    if (m_item->count() == 0)
        return;
    m_shown = SequenceDiagramBuilder::fromHistory(m_history, item);
    m_diagram->setDiagram(m_shown);
    const int endMs = int(std::max<qint64>(0, m_shown.endUs - m_shown.beginUs) / 1000) + 1;
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, endMs);
        m_slider->setSingleStep(std::max(1, endMs / 200));
        m_slider->setPageStep(std::max(1, endMs / 10));
        m_slider->setValue(endMs);
    }
    m_slider->setEnabled(true);
    m_play->setEnabled(true);
    onSlider(endMs);
}

void DemoReplayPanel::onSlider(int ms) {
    // 0: before anything happened; the end: everything.
    const qint64 cursor = ms <= 0                     ? m_shown.beginUs - 1
                          : ms >= m_slider->maximum() ? -1
                                                      : m_shown.beginUs + qint64(ms) * 1000;
    m_diagram->setCursorUs(cursor);
    m_why->showVerdicts(m_shown, cursor);
    if (cursor >= 0) { // the replay's newest step in view (Play used to leave it off-screen)
        const auto it =
            std::upper_bound(m_shown.events.begin(), m_shown.events.end(), cursor,
                             [](qint64 at, const DiagramEvent& e) { return at < e.startUs; });
        const int last = int(it - m_shown.events.begin()) - 1;
        const QPointF pos =
            SequenceDiagramPainter::eventPos(QRectF(m_diagram->rect()), m_shown, std::max(0, last));
        m_scroll->ensureVisible(int(pos.x()), int(pos.y()), 0, m_scroll->viewport()->height() / 3);
    }
    auto s = [](int v) { return QLocale().toString(double(v) / 1000.0, 'f', 3); };
    m_time->setText(tr("%1 / %2 s").arg(s(ms), s(m_slider->maximum())));
}

void DemoReplayPanel::step() {
    const int advance = std::max(1, m_slider->maximum() * kTickMs / kPlayMs);
    const int next = std::min(m_slider->maximum(), m_slider->value() + advance);
    m_slider->setValue(next);
    if (next >= m_slider->maximum())
        m_play->setChecked(false);
}

} // namespace lockscope
