#include "core/demo/historychecker.h"

#include <QJsonArray>
#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <set>

namespace lockscope {

namespace {

using Check = HistoryChecker::Check;
using Status = HistoryChecker::Status;
using Kind = HistoryChecker::Kind;
using Violation = HistoryChecker::Violation;
using Result = HistoryChecker::Result;
using Records = std::vector<PurchaseRecord>;
using W = PurchaseRecord::StockWrite;

constexpr qint64 kEndOfRun = std::numeric_limits<qint64>::max();

bool hasSection(const PurchaseRecord& r) {
    return r.detailed && r.lockedUs >= 0;
}
/// A holder that never released (crashed) did nothing after its record ended.
qint64 sectionEnd(const PurchaseRecord& r) {
    return r.releasedUs >= 0 ? r.releasedUs : r.endUs;
}
bool wrote(const PurchaseRecord& r) {
    return r.detailed && r.write == W::Accepted;
}

QString ms(qint64 us) {
    return QString::number(double(us) / 1000.0, 'f', 3);
}

QString who(const Records& rs, int i) {
    const PurchaseRecord& r = rs[size_t(i)];
    return QStringLiteral("#%1 b%2%3")
        .arg(i)
        .arg(r.buyer)
        .arg(r.token ? QStringLiteral(" (token %1)").arg(r.token) : QString());
}

QString section(const PurchaseRecord& r) {
    return QStringLiteral("[%1, %2 ms]")
        .arg(ms(r.lockedUs), r.releasedUs >= 0 ? ms(r.releasedUs) : QStringLiteral("never"));
}

/// Records every violation, keeps the earliest.
void note(Result& result, Violation v) {
    ++result.violations;
    result.status = Status::Violated;
    if (!result.first || v.atUs < result.first->atUs)
        result.first = std::move(v);
}

std::map<int, std::vector<int>> byItem(const Records& rs) {
    std::map<int, std::vector<int>> out;
    for (int i = 0; i < int(rs.size()); ++i)
        out[rs[size_t(i)].item].push_back(i);
    return out;
}

bool anyDetailed(const Records& rs) {
    return std::any_of(rs.begin(), rs.end(), [](const PurchaseRecord& r) { return r.detailed; });
}

const QString kOlderHistory =
    QStringLiteral("not run: the history's records have no %1 (written by an older LockScope)");

Result mutualExclusion(const DemoHistory::Loaded& h) {
    Result res;
    res.check = Check::MutualExclusion;
    const QString strategy = h.strategy();
    // The same distinction Purchaser and RacePurchaser make: these take no lock.
    if (strategy == u"none" || strategy == u"atomic" || strategy == u"idempotency") {
        res.status = Status::NotApplicable;
        res.summary = QStringLiteral("not applicable: strategy '%1' takes no lock").arg(strategy);
        return res;
    }
    const Records& rs = h.records;
    if (!rs.empty() && !anyDetailed(rs)) {
        res.status = Status::NotRun;
        res.summary = kOlderHistory.arg(QStringLiteral("lock times"));
        return res;
    }
    int sections = 0, overlaps = 0, harmless = 0;
    for (const auto& [item, all] : byItem(rs)) {
        std::vector<int> secs;
        std::copy_if(all.begin(), all.end(), std::back_inserter(secs),
                     [&](int i) { return hasSection(rs[size_t(i)]); });
        std::sort(secs.begin(), secs.end(),
                  [&](int a, int b) { return rs[size_t(a)].lockedUs < rs[size_t(b)].lockedUs; });
        sections += int(secs.size());
        // By time: every later section that began before this one ended.
        for (size_t x = 0; x < secs.size(); ++x) {
            const PurchaseRecord& a = rs[size_t(secs[x])];
            for (size_t y = x + 1; y < secs.size(); ++y) {
                const PurchaseRecord& b = rs[size_t(secs[y])];
                if (b.lockedUs >= sectionEnd(a))
                    break;
                ++overlaps;
                if (!wrote(a) || !wrote(b)) {
                    ++harmless;
                    continue;
                }
                note(res, Violation{Check::MutualExclusion, Kind::OverlappingSections, item,
                                    b.lockedUs, std::vector<int>{secs[x], secs[y]},
                                    QStringLiteral("%1 held item %2 %3 and %4 held it %5: both "
                                                   "in the critical section at once, and both "
                                                   "wrote stock")
                                        .arg(who(rs, secs[x]))
                                        .arg(item)
                                        .arg(section(a), who(rs, secs[y]), section(b))});
            }
        }
        // By token order: among the sections that wrote, a higher token that held the lock and
        // wrote before a lower one's section began (overlapping pairs are reported above).
        std::vector<int> writers, byEnd;
        std::copy_if(secs.begin(), secs.end(), std::back_inserter(writers),
                     [&](int i) { return wrote(rs[size_t(i)]) && rs[size_t(i)].token > 0; });
        byEnd = writers;
        std::sort(byEnd.begin(), byEnd.end(), [&](int x, int y) {
            return sectionEnd(rs[size_t(x)]) < sectionEnd(rs[size_t(y)]);
        });
        size_t ended = 0;
        int highest = -1; // the highest token among the sections ended so far
        for (const int i : writers) {
            const PurchaseRecord& r = rs[size_t(i)];
            for (; ended < byEnd.size() && sectionEnd(rs[size_t(byEnd[ended])]) <= r.lockedUs;
                 ++ended)
                if (highest < 0 || rs[size_t(byEnd[ended])].token > rs[size_t(highest)].token)
                    highest = byEnd[ended];
            if (highest < 0 || rs[size_t(highest)].token <= r.token)
                continue;
            const PurchaseRecord& hi = rs[size_t(highest)];
            note(res, Violation{Check::MutualExclusion, Kind::TokenOrder, item, r.lockedUs,
                                std::vector<int>{highest, i},
                                QStringLiteral("%1 held item %2 %3 and wrote, before %4 held it "
                                               "%5 and wrote: the lower token was granted after "
                                               "the higher one")
                                    .arg(who(rs, highest))
                                    .arg(item)
                                    .arg(section(hi), who(rs, i), section(r))});
        }
    }
    res.counts = {{QStringLiteral("sections"), sections},
                  {QStringLiteral("overlaps"), overlaps},
                  {QStringLiteral("harmless_overlaps"), harmless}};
    res.summary = QStringLiteral("%1 critical section(s), %2 overlapping pair(s) in time, %3 of "
                                 "them harmless (at most one write went through)")
                      .arg(sections)
                      .arg(overlaps)
                      .arg(harmless);
    return res;
}

/// Where an item's broken invariant shows first: a lost update (two accepted writes that read
/// the same stock: stock only goes down, so the later one did not see the earlier), else the
/// confirmed purchase that sold more than there was.
std::optional<Violation> locateStockBreak(const Records& rs, const std::vector<int>& all, int item,
                                          int initial) {
    std::vector<int> writes;
    std::copy_if(all.begin(), all.end(), std::back_inserter(writes),
                 [&](int i) { return wrote(rs[size_t(i)]) && rs[size_t(i)].stockRead >= 0; });
    std::sort(writes.begin(), writes.end(),
              [&](int a, int b) { return rs[size_t(a)].writeDoneUs < rs[size_t(b)].writeDoneUs; });
    std::map<int, int> firstRead; // stock read -> the first accepted write that read it
    for (const int i : writes) {
        const PurchaseRecord& r = rs[size_t(i)];
        const auto [it, fresh] = firstRead.emplace(r.stockRead, i);
        if (fresh)
            continue;
        return Violation{Check::StockInvariant,
                         Kind::StockInvariant,
                         item,
                         r.writeDoneUs,
                         std::vector<int>{it->second, i},
                         QStringLiteral("lost update: %1 wrote %2 having read %3, as %4 had "
                                        "before it (which wrote %5)")
                             .arg(who(rs, i))
                             .arg(r.stockWritten)
                             .arg(r.stockRead)
                             .arg(who(rs, it->second))
                             .arg(rs[size_t(it->second)].stockWritten)};
    }
    std::vector<int> confirmed;
    std::copy_if(all.begin(), all.end(), std::back_inserter(confirmed), [&](int i) {
        return rs[size_t(i)].outcome == PurchaseRecord::Outcome::Confirmed;
    });
    std::sort(confirmed.begin(), confirmed.end(),
              [&](int a, int b) { return rs[size_t(a)].endUs < rs[size_t(b)].endUs; });
    int sold = 0;
    for (const int i : confirmed) {
        sold += rs[size_t(i)].qty;
        if (sold > initial)
            return Violation{Check::StockInvariant,
                             Kind::StockInvariant,
                             item,
                             rs[size_t(i)].endUs,
                             std::vector<int>{i},
                             QStringLiteral("oversold: %1's confirmed purchase brought the "
                                            "quantity sold to %2 of %3")
                                 .arg(who(rs, i))
                                 .arg(sold)
                                 .arg(initial)};
    }
    return std::nullopt;
}

Result stockInvariant(const DemoHistory::Loaded& h) {
    Result res;
    res.check = Check::StockInvariant;
    if (h.race() != DemoScenario::Race::Stock) {
        res.status = Status::NotApplicable;
        res.summary = QStringLiteral("not applicable: the %1 race has no stock (its anomalies "
                                     "are recomputed from the records and compared with the "
                                     "servers')")
                          .arg(DemoScenario::raceName(h.race()));
        return res;
    }
    const Records& rs = h.records;
    const auto items = byItem(rs);
    QStringList missing;
    for (const auto& [id, init] : h.initial)
        if (!h.final.count(id))
            missing << QString::number(id);
    if (h.initial.empty() || !missing.isEmpty()) {
        res.status = Status::NotRun;
        res.summary = h.initial.empty()
                          ? QStringLiteral("not run: the history has no initial stock")
                          : QStringLiteral("not run: no final stock for item(s) %1 (the run "
                                           "could not read it)")
                                .arg(missing.join(QStringLiteral(", ")));
        return res;
    }
    int oversold = 0;
    for (const auto& [id, init] : h.initial) {
        int confirmed = 0;
        const auto it = items.find(id);
        const std::vector<int> none;
        const std::vector<int>& all = it == items.end() ? none : it->second;
        for (const int i : all)
            if (rs[size_t(i)].outcome == PurchaseRecord::Outcome::Confirmed)
                confirmed += rs[size_t(i)].qty;
        oversold += std::max(0, confirmed - init);
        const int final = h.final.at(id);
        if (init == final + confirmed)
            continue;
        const QString numbers =
            QStringLiteral("item %1: initial %2 != final %3 + confirmed %4 (= %5)")
                .arg(id)
                .arg(init)
                .arg(final)
                .arg(confirmed)
                .arg(final + confirmed);
        std::optional<Violation> v = locateStockBreak(rs, all, id, init);
        if (!v) {
            qint64 last = 0;
            for (const int i : all)
                last = std::max(last, rs[size_t(i)].endUs);
            v = Violation{Check::StockInvariant,
                          Kind::StockInvariant,
                          id,
                          all.empty() ? kEndOfRun : last,
                          {},
                          QString()};
        }
        v->detail = v->detail.isEmpty() ? numbers : numbers + QStringLiteral("; ") + v->detail;
        note(res, std::move(*v));
    }
    res.counts = {{QStringLiteral("items"), int(h.initial.size())},
                  {QStringLiteral("oversold"), oversold}};
    if (res.status == Status::Passed)
        res.summary = QStringLiteral("%1 item(s): initial = final + confirmed for each")
                          .arg(h.initial.size());
    else
        res.summary = QStringLiteral("%1 of %2 item(s) break initial = final + confirmed")
                          .arg(res.violations)
                          .arg(h.initial.size());
    return res;
}

Result orders(const DemoHistory::Loaded& h) {
    Result res;
    res.check = Check::Orders;
    const Records& rs = h.records;
    if (!rs.empty() && !anyDetailed(rs)) {
        res.status = Status::NotRun;
        res.summary = kOlderHistory.arg(QStringLiteral("order ids"));
        return res;
    }
    int confirmed = 0;
    std::map<int64_t, int> seen; // order id -> record
    for (int i = 0; i < int(rs.size()); ++i) {
        const PurchaseRecord& r = rs[size_t(i)];
        if (!r.detailed)
            continue;
        if (r.outcome == PurchaseRecord::Outcome::Confirmed) {
            ++confirmed;
            if (r.orderId <= 0)
                note(res,
                     Violation{Check::Orders, Kind::LostOrder, r.item, r.endUs, std::vector<int>{i},
                               QStringLiteral("%1's purchase of item %2 was confirmed "
                                              "without an order")
                                   .arg(who(rs, i))
                                   .arg(r.item)});
        }
        if (r.orderId <= 0)
            continue;
        const auto [it, fresh] = seen.emplace(r.orderId, i);
        if (fresh)
            continue;
        const PurchaseRecord& other = rs[size_t(it->second)];
        note(res,
             Violation{Check::Orders, Kind::DuplicateOrder, r.item, std::max(r.endUs, other.endUs),
                       std::vector<int>{it->second, i},
                       QStringLiteral("order %1 is recorded by %2 (%3) and by %4 (%5)")
                           .arg(r.orderId)
                           .arg(who(rs, it->second), PurchaseRecord::outcomeName(other.outcome),
                                who(rs, i), PurchaseRecord::outcomeName(r.outcome))});
    }
    res.counts = {{QStringLiteral("confirmed"), confirmed},
                  {QStringLiteral("order_ids"), int(seen.size())}};
    res.summary = QStringLiteral("%1 confirmed purchase(s), %2 distinct order id(s)%3")
                      .arg(confirmed)
                      .arg(seen.size())
                      .arg(res.violations ? QString() : QStringLiteral(", none twice"));
    return res;
}

/// A refused write changed nothing: it did not sell, and the value it would have written shows
/// nowhere (a read, the final stock) unless the initial stock or another write explains it.
void fencedChangedNothing(const DemoHistory::Loaded& h, const std::vector<int>& all, int item,
                          Result& res) {
    const Records& rs = h.records;
    std::map<int, int> refused; // value it would have written -> the fenced record
    std::set<int> explained;
    if (h.initial.count(item))
        explained.insert(h.initial.at(item));
    bool valuesKnown = true;
    for (const int i : all) {
        const PurchaseRecord& r = rs[size_t(i)];
        if (r.write == W::Fenced && r.outcome == PurchaseRecord::Outcome::Confirmed)
            note(res, Violation{Check::Fencing, Kind::FencedWriteSold, item, r.endUs,
                                std::vector<int>{i},
                                QStringLiteral("%1's write was refused by the fence, yet its "
                                               "purchase was confirmed")
                                    .arg(who(rs, i))});
        if (r.write == W::Fenced && r.stockWritten >= 0)
            refused.emplace(r.stockWritten, i);
        if (r.write == W::Accepted || r.write == W::Unknown) {
            if (r.stockWritten >= 0)
                explained.insert(r.stockWritten);
            else
                valuesKnown = false; // `atomic`: what it wrote is not in the record
        }
    }
    if (!valuesKnown || refused.empty())
        return;
    auto shows = [&](int value, std::optional<int> reader, qint64 at, const QString& where) {
        const auto f = refused.find(value);
        if (f == refused.end() || explained.count(value))
            return;
        std::vector<int> culprits{f->second};
        if (reader)
            culprits.push_back(*reader);
        note(res, Violation{Check::Fencing, Kind::FencedWriteChangedStock, item,
                            std::max(at, rs[size_t(f->second)].writeUs), culprits,
                            QStringLiteral("%1's write of %2 was refused by the fence, yet %3 "
                                           "shows %2, which no accepted write nor the initial "
                                           "stock explains")
                                .arg(who(rs, f->second))
                                .arg(value)
                                .arg(where)});
    };
    for (const int i : all) {
        const PurchaseRecord& r = rs[size_t(i)];
        if (r.stockRead >= 0)
            shows(r.stockRead, i, r.lockedUs >= 0 ? r.lockedUs : r.startUs,
                  QStringLiteral("the read of %1").arg(who(rs, i)));
    }
    if (h.final.count(item))
        shows(h.final.at(item), std::nullopt, kEndOfRun, QStringLiteral("the final stock"));
}

/// With fencing on, an accepted write never carries a token below one already accepted: a
/// write answered before this one was sent.
void noStaleTokenAccepted(const Records& rs, const std::vector<int>& all, int item, Result& res) {
    std::vector<int> accepted;
    std::copy_if(all.begin(), all.end(), std::back_inserter(accepted), [&](int i) {
        const PurchaseRecord& r = rs[size_t(i)];
        return wrote(r) && r.token > 0 && r.writeUs >= 0 && r.writeDoneUs >= 0;
    });
    std::vector<int> bySent = accepted, byDone = accepted;
    std::sort(bySent.begin(), bySent.end(),
              [&](int a, int b) { return rs[size_t(a)].writeUs < rs[size_t(b)].writeUs; });
    std::sort(byDone.begin(), byDone.end(),
              [&](int a, int b) { return rs[size_t(a)].writeDoneUs < rs[size_t(b)].writeDoneUs; });
    size_t done = 0;
    int highest = -1; // the highest token among the writes answered so far
    for (const int i : bySent) {
        const PurchaseRecord& r = rs[size_t(i)];
        for (; done < byDone.size() && rs[size_t(byDone[done])].writeDoneUs < r.writeUs; ++done)
            if (highest < 0 || rs[size_t(byDone[done])].token > rs[size_t(highest)].token)
                highest = byDone[done];
        if (highest >= 0 && rs[size_t(highest)].token > r.token)
            note(res, Violation{Check::Fencing, Kind::StaleTokenAccepted, item, r.writeDoneUs,
                                std::vector<int>{highest, i},
                                QStringLiteral("%1's write was accepted after %2's, which has "
                                               "the higher token, had been")
                                    .arg(who(rs, i), who(rs, highest))});
    }
}

Result fencing(const DemoHistory::Loaded& h) {
    Result res;
    res.check = Check::Fencing;
    const Records& rs = h.records;
    if (!rs.empty() && !anyDetailed(rs)) {
        res.status = Status::NotRun;
        res.summary = kOlderHistory.arg(QStringLiteral("stock writes"));
        return res;
    }
    const QString strategy = h.strategy();
    const bool tokens =
        h.fencing() && strategy != u"none" && strategy != u"atomic" && strategy != u"idempotency";
    // The other races' values are charges and cart quantities, not stock: only token order.
    const bool stockValues = h.race() == DemoScenario::Race::Stock;
    int fencedWrites = 0, fencedReads = 0;
    for (const PurchaseRecord& r : rs) {
        if (r.write == W::Fenced)
            ++fencedWrites;
        else if (r.outcome == PurchaseRecord::Outcome::Fenced)
            ++fencedReads;
    }
    for (const auto& [item, all] : byItem(rs)) {
        if (stockValues)
            fencedChangedNothing(h, all, item, res);
        if (tokens)
            noStaleTokenAccepted(rs, all, item, res);
    }
    res.counts = {{QStringLiteral("fenced_writes"), fencedWrites},
                  {QStringLiteral("fenced_reads"), fencedReads}};
    res.summary =
        QStringLiteral("%1 write(s) and %2 read(s) refused by the fence; %3")
            .arg(fencedWrites)
            .arg(fencedReads)
            .arg(tokens        ? QStringLiteral("token order of accepted writes checked")
                 : h.fencing() ? QStringLiteral("no tokens to order (strategy '%1')").arg(strategy)
                               : QStringLiteral("fencing off: token order not checked"));
    return res;
}

/// The records of the violation's item around it: those overlapping it in time (the culprits
/// always, then the nearest), and a few before and after.
std::vector<int> contextOf(const Violation& v, const Records& rs) {
    std::vector<int> item;
    for (int i = 0; i < int(rs.size()); ++i)
        if (rs[size_t(i)].item == v.item)
            item.push_back(i);
    if (item.empty())
        return {};
    qint64 lo = kEndOfRun, hi = 0;
    for (const int i : v.records) {
        lo = std::min(lo, rs[size_t(i)].startUs);
        hi = std::max(hi, rs[size_t(i)].endUs);
    }
    if (v.records.empty()) { // located nowhere: around the item's last record
        const int last = *std::max_element(item.begin(), item.end(), [&](int x, int y) {
            return rs[size_t(x)].endUs < rs[size_t(y)].endUs;
        });
        lo = hi = rs[size_t(last)].endUs;
    }
    std::vector<int> overlapping, before, after;
    for (const int i : item) {
        const PurchaseRecord& r = rs[size_t(i)];
        if (r.endUs < lo)
            before.push_back(i);
        else if (r.startUs > hi)
            after.push_back(i);
        else
            overlapping.push_back(i);
    }
    std::set<int> out(v.records.begin(), v.records.end());
    const qint64 at = v.atUs == kEndOfRun ? hi : v.atUs;
    std::sort(overlapping.begin(), overlapping.end(), [&](int a, int b) {
        auto distance = [&](int i) {
            const PurchaseRecord& r = rs[size_t(i)];
            return r.startUs <= at && at <= r.endUs
                       ? qint64(0)
                       : std::min(std::abs(r.startUs - at), std::abs(r.endUs - at));
        };
        return distance(a) < distance(b);
    });
    for (const int i : overlapping) {
        if (int(out.size()) >= HistoryChecker::kOverlappingShown)
            break;
        out.insert(i);
    }
    std::sort(before.begin(), before.end(),
              [&](int a, int b) { return rs[size_t(a)].endUs > rs[size_t(b)].endUs; });
    std::sort(after.begin(), after.end(),
              [&](int a, int b) { return rs[size_t(a)].startUs < rs[size_t(b)].startUs; });
    for (size_t k = 0; k < before.size() && k < size_t(HistoryChecker::kAround); ++k)
        out.insert(before[k]);
    for (size_t k = 0; k < after.size() && k < size_t(HistoryChecker::kAround); ++k)
        out.insert(after[k]);
    return std::vector<int>(out.begin(), out.end());
}

QString recordLine(const PurchaseRecord& r) {
    QStringList parts;
    parts << QStringLiteral("%1-%2 ms").arg(ms(r.startUs), ms(r.endUs));
    if (r.detailed && r.lockedUs >= 0)
        parts << QStringLiteral("lock %1").arg(section(r));
    if (r.token)
        parts << QStringLiteral("token %1").arg(r.token);
    if (r.detailed && r.stockRead >= 0)
        parts << QStringLiteral("read %1").arg(r.stockRead);
    if (r.detailed && r.write != W::None)
        parts << QStringLiteral("write %1%2")
                     .arg(r.stockWritten >= 0
                              ? QString::number(r.stockWritten) + QStringLiteral(" ")
                              : QString(),
                          PurchaseRecord::writeName(r.write));
    parts << PurchaseRecord::outcomeName(r.outcome);
    if (r.detailed && r.orderId > 0)
        parts << QStringLiteral("order %1").arg(r.orderId);
    return parts.join(QStringLiteral(", "));
}

} // namespace

HistoryChecker::Report HistoryChecker::check(const DemoHistory::Loaded& history) {
    Report report;
    report.results = {mutualExclusion(history), stockInvariant(history), orders(history),
                      fencing(history)};
    for (const Result& r : report.results)
        if (r.first && (!report.first || r.first->atUs < report.first->atUs))
            report.first = r.first;
    if (report.first)
        report.context = contextOf(*report.first, history.records);
    return report;
}

QJsonObject HistoryChecker::Report::toJson(const std::vector<PurchaseRecord>& records) const {
    QJsonArray checks;
    for (const Result& r : results) {
        QJsonObject counts;
        for (const auto& [k, n] : r.counts)
            counts.insert(k, n);
        checks.append(QJsonObject{{QStringLiteral("check"), checkName(r.check)},
                                  {QStringLiteral("status"), statusName(r.status)},
                                  {QStringLiteral("violations"), r.violations},
                                  {QStringLiteral("summary"), r.summary},
                                  {QStringLiteral("counts"), counts}});
    }
    QJsonValue firstJson;
    if (first) {
        QJsonArray at, around;
        for (const int i : first->records)
            at.append(i);
        for (const int i : context) {
            QJsonObject o = records[size_t(i)].toJson();
            o.insert(QStringLiteral("index"), i);
            o.insert(QStringLiteral("at_fault"),
                     std::find(first->records.begin(), first->records.end(), i) !=
                         first->records.end());
            around.append(o);
        }
        firstJson = QJsonObject{{QStringLiteral("check"), checkName(first->check)},
                                {QStringLiteral("kind"), kindName(first->kind)},
                                {QStringLiteral("item"), first->item},
                                {QStringLiteral("at_us"),
                                 first->atUs == kEndOfRun ? QJsonValue() : QJsonValue(first->atUs)},
                                {QStringLiteral("detail"), first->detail},
                                {QStringLiteral("records"), at},
                                {QStringLiteral("context"), around}};
    }
    return QJsonObject{{QStringLiteral("violation_found"), violated()},
                       {QStringLiteral("checks"), checks},
                       {QStringLiteral("first_violation"), firstJson}};
}

QStringList HistoryChecker::Report::toText(const std::vector<PurchaseRecord>& records) const {
    QStringList out{QStringLiteral("history checks:")};
    for (const Result& r : results) {
        const QString status = r.status == Status::Violated
                                   ? QStringLiteral("VIOLATED (%1)").arg(r.violations)
                                   : statusName(r.status);
        out << QStringLiteral("  %1 %2 %3")
                   .arg(checkName(r.check).replace(QLatin1Char('_'), QLatin1Char(' ')), -17)
                   .arg(status, -15)
                   .arg(r.summary);
    }
    if (!first) {
        out << QStringLiteral("no violation found");
        return out;
    }
    out << QStringLiteral("FIRST VIOLATION: %1, item %2%3: %4")
               .arg(kindName(first->kind))
               .arg(first->item)
               .arg(first->atUs == kEndOfRun ? QStringLiteral(" (at the end of the run)")
                                             : QStringLiteral(" at %1 ms").arg(ms(first->atUs)))
               .arg(first->detail);
    out << QStringLiteral("  around it (item %1; > at fault):").arg(first->item);
    for (const int i : context) {
        const bool atFault =
            std::find(first->records.begin(), first->records.end(), i) != first->records.end();
        out << QStringLiteral("  %1 #%2 b%3: %4")
                   .arg(atFault ? QStringLiteral(">") : QStringLiteral(" "))
                   .arg(i)
                   .arg(records[size_t(i)].buyer)
                   .arg(recordLine(records[size_t(i)]));
    }
    return out;
}

QString HistoryChecker::checkName(Check check) {
    switch (check) {
    case Check::MutualExclusion:
        return QStringLiteral("mutual_exclusion");
    case Check::StockInvariant:
        return QStringLiteral("stock_invariant");
    case Check::Orders:
        return QStringLiteral("orders");
    case Check::Fencing:
        return QStringLiteral("fencing");
    }
    return {};
}

QString HistoryChecker::statusName(Status status) {
    switch (status) {
    case Status::Passed:
        return QStringLiteral("passed");
    case Status::Violated:
        return QStringLiteral("violated");
    case Status::NotApplicable:
        return QStringLiteral("not-applicable");
    case Status::NotRun:
        return QStringLiteral("not-run");
    }
    return {};
}

QString HistoryChecker::kindName(Kind kind) {
    switch (kind) {
    case Kind::OverlappingSections:
        return QStringLiteral("overlapping-sections");
    case Kind::TokenOrder:
        return QStringLiteral("token-order");
    case Kind::StockInvariant:
        return QStringLiteral("stock-invariant");
    case Kind::LostOrder:
        return QStringLiteral("lost-order");
    case Kind::DuplicateOrder:
        return QStringLiteral("duplicate-order");
    case Kind::FencedWriteSold:
        return QStringLiteral("fenced-write-sold");
    case Kind::FencedWriteChangedStock:
        return QStringLiteral("fenced-write-changed-stock");
    case Kind::StaleTokenAccepted:
        return QStringLiteral("stale-token-accepted");
    }
    return {};
}

} // namespace lockscope
