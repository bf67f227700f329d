#pragma once

#include <QCoreApplication>
#include <QString>

class QComboBox;

namespace lockscope {

/// What each lock strategy of the Demo and Buy pages does and where it breaks, for tooltips, in
/// the operator's language. The strategy's name stays the item's data (namecombo.h).
class StrategyText {
    Q_DECLARE_TR_FUNCTIONS(StrategyText)
public:
    /// A sentence or two; a generic line for a strategy this table does not know.
    static QString toolTip(const QString& strategy);
    /// Sets each item's tooltip (Qt::ToolTipRole) from its name, and the box's to the current's.
    static void decorate(QComboBox* box);
};

} // namespace lockscope
