#pragma once

#include "core/demo/demohistory.h"
#include "core/demo/demoresult.h"
#include "core/diagram/sequencediagram.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;

class QScrollArea;

namespace lockscope {

class VerdictWhyLabel;

class SequenceDiagramWidget;

/// The Demo page's replay of a finished run: an item chooser, the sequence diagram of that
/// item's buyers (SequenceDiagramBuilder::fromHistory on the run's records), a replay slider
/// over the run (the cursor in ms; only what happened up to it is drawn), Play / Pause, and
/// the verdicts' "why" paragraphs.
class DemoReplayPanel : public QWidget {
    Q_OBJECT
public:
    explicit DemoReplayPanel(QWidget* parent = nullptr);

    /// Shows the run: its items in the chooser, the first contended one chosen.
    void setResult(const DemoResult& r);
    /// Forgets the shown run (a new one starts).
    void clear(const QString& message);
    /// The history as `demo --history` would have written it, from a run's result.
    static DemoHistory::Loaded historyOf(const DemoResult& r);

    QComboBox* itemBox() const { return m_item; }
    QSlider* slider() const { return m_slider; }
    QPushButton* playButton() const { return m_play; }
    SequenceDiagramWidget* diagramWidget() const { return m_diagram; }
    VerdictWhyLabel* whyLabel() const { return m_why; }
    /// Chooses an item of the run; false when the run has none such.
    bool selectItem(int item);

private:
    void showItem();
    void onSlider(int ms);
    void step();

    QComboBox* m_item;
    QSlider* m_slider;
    QLabel* m_time;
    QPushButton* m_play;
    QTimer* m_timer;
    SequenceDiagramWidget* m_diagram;
    QScrollArea* m_scroll;
    VerdictWhyLabel* m_why;
    DemoHistory::Loaded m_history;
    SequenceDiagram m_shown;
};

} // namespace lockscope
