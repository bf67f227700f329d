#pragma once

#include "core/diagram/sequencediagram.h"

#include <QString>
#include <QStringList>

namespace lockscope {

/// Words for a SequenceDiagram, translated (context "lockscope::DiagramExplainer"): the "why"
/// paragraph of each verdict, its headline, and the label of each event as drawn.
struct DiagramExplainer {
    /// "Both customers read stock 1 before either wrote: without a lock nothing orders
    /// read-check-write."
    static QString why(const DiagramVerdict& v, DemoScenario::Race race);
    /// "OVERSOLD", "FENCED OFF", "SERIALIZED" ...
    static QString headline(const DiagramVerdict& v);
    /// One paragraph per verdict: "HEADLINE: why".
    static QStringList paragraphs(const SequenceDiagram& d);
    /// The label drawn beside an event: "read stock = 1", "token 33 < 34 seen", "OVERSOLD" ...
    /// Empty for spans drawn without one.
    static QString label(const SequenceDiagram& d, const DiagramEvent& e);

private:
    /// why() before its first letter is made upper case ("another actor ..." opens sentences).
    static QString whyText(const DiagramVerdict& v, DemoScenario::Race race);
};

} // namespace lockscope
