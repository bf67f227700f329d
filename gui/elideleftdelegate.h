#pragma once

#include <QStyledItemDelegate>

namespace lockscope {

/// Elides at the start, whatever the view's mode: for a number whose last digits tell it apart
/// (a fencing token drawn from a microsecond clock).
class ElideLeftDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideLeft;
    }
};

} // namespace lockscope
