#pragma once

#include "core/diagram/sequencediagram.h"

#include <QLabel>

namespace lockscope {

/// The "why" of a sequence diagram's verdicts, under the diagram: each verdict's headline in
/// bold (the anomaly colour when something went wrong, green otherwise), then its paragraph
/// (DiagramExplainer, translated). Word-wrapped and selectable.
class VerdictWhyLabel : public QLabel {
    Q_OBJECT
public:
    explicit VerdictWhyLabel(QWidget* parent = nullptr);
    /// Shows the verdicts of d up to cursorUs (-1: all of them).
    void showVerdicts(const SequenceDiagram& d, qint64 cursorUs = -1);
    /// A message instead of verdicts ("nothing to draw"); empty hides the label.
    void showMessage(const QString& message);
    /// The paragraphs as plain text ("HEADLINE: why"), one per verdict shown.
    QString plainText() const { return m_plain; }

private:
    QString m_plain;
};

} // namespace lockscope
