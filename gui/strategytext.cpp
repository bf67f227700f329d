#include "gui/strategytext.h"

#include "gui/namecombo.h"

#include <QComboBox>

namespace lockscope {

QString StrategyText::toolTip(const QString& strategy) {
    if (strategy == u"none")
        return tr("No lock: read stock, pay, write stock. Two buyers who read the same stock both "
                  "sell: this is the oversell the other strategies prevent.");
    if (strategy == u"atomic")
        return tr("No lock, one conditional write (stock = stock - 1 where stock > 0): cannot "
                  "oversell, but cannot hold anything across the payment either.");
    if (strategy == u"redis")
        return tr("Redis SET NX PX with an owner value and an owner-checked release script; a "
                  "fencing token lets the store refuse a paused holder's late write.");
    if (strategy == u"redlock")
        return tr("Redlock: SET NX PX on a majority of independent Redis servers within the "
                  "lease. It has no monotonic fencing token, so a store cannot refuse a paused "
                  "holder's late write: it can oversell when a holder pauses past its lease.");
    if (strategy == u"zookeeper")
        return tr("ZooKeeper ephemeral sequential node (Curator/kazoo recipe): the lock goes when "
                  "the holder's session ends; the node's sequence is the fencing token.");
    if (strategy == u"pg-row")
        return tr("PostgreSQL SELECT ... FOR UPDATE on the item's row, held until the "
                  "transaction ends; a crashed client's lock goes with its connection.");
    if (strategy == u"pg-advisory")
        return tr("PostgreSQL advisory lock on a key derived from the resource, held by the "
                  "session; no row is touched.");
    if (strategy == u"lease")
        return tr("A lease row written conditionally with an expiry (DynamoDB lock client "
                  "pattern); a holder paused past its lease loses it, and its version fences "
                  "late writes.");
    return tr("Lock strategy %1.").arg(strategy);
}

void StrategyText::decorate(QComboBox* box) {
    for (int i = 0; i < box->count(); ++i)
        box->setItemData(i, toolTip(box->itemData(i).toString()), Qt::ToolTipRole);
    auto sync = [box] { box->setToolTip(toolTip(currentName(box))); };
    sync();
    QObject::connect(box, &QComboBox::currentIndexChanged, box, sync);
}

} // namespace lockscope
