<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>lockscope::AuditPage</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Bediener</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Rechner</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Observed holder</source>
        <translation>Gesehener Inhaber</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Reason / detail</source>
        <translation>Grund / Einzelheiten</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s) recorded</source>
        <translation>
            <numerusform>%n Versuch aufgezeichnet</numerusform>
            <numerusform>%n Versuche aufgezeichnet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockscope::BuyPage</name>
    <message>
        <source>The shop</source>
        <translation>Der Laden</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Set stock</source>
        <translation>Bestand setzen</translation>
    </message>
    <message>
        <source>Item:</source>
        <translation>Artikel:</translation>
    </message>
    <message>
        <source>Stock lives in:</source>
        <translation>Bestand liegt in:</translation>
    </message>
    <message>
        <source>Payment takes:</source>
        <translation>Bezahlen dauert:</translation>
    </message>
    <message>
        <source>Lock lease:</source>
        <translation>Lease der Sperre:</translation>
    </message>
    <message>
        <source>Stock:</source>
        <translation>Bestand:</translation>
    </message>
    <message>
        <source>Buy both at once</source>
        <translation>Beide gleichzeitig kaufen</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Customer A</source>
        <translation>Kunde A</translation>
    </message>
    <message>
        <source>Customer B</source>
        <translation>Kunde B</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>Kaufen</translation>
    </message>
    <message>
        <source>Pause this holder</source>
        <translation>Diesen Inhaber anhalten</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>Strategie:</translation>
    </message>
    <message>
        <source>Resume (paused)</source>
        <translation>Fortsetzen (angehalten)</translation>
    </message>
    <message>
        <source>  token %1</source>
        <translation>  Token %1</translation>
    </message>
    <message>
        <source>  stock %1</source>
        <translation>  Bestand %1</translation>
    </message>
    <message>
        <source>Sold out: this customer was told no</source>
        <translation>Ausverkauft: dieser Kunde bekam eine Absage</translation>
    </message>
    <message>
        <source>Stock now: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Bestand jetzt: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Sold since set: &lt;b&gt;%1&lt;/b&gt; of %2</source>
        <translation>Verkauft seit dem Setzen: &lt;b&gt;%1&lt;/b&gt; von %2</translation>
    </message>
    <message>
        <source>OVERSOLD: more orders than items</source>
        <translation>ÜBERVERKAUFT: mehr Bestellungen als Artikel</translation>
    </message>
    <message>
        <source>waiting for the lock</source>
        <translation>wartet auf die Sperre</translation>
    </message>
    <message>
        <source>acquired the lock</source>
        <translation>Sperre erhalten</translation>
    </message>
    <message>
        <source>read the stock</source>
        <translation>Bestand gelesen</translation>
    </message>
    <message>
        <source>paying</source>
        <translation>Bezahlung läuft</translation>
    </message>
    <message>
        <source>wrote the stock</source>
        <translation>Bestand geschrieben</translation>
    </message>
    <message>
        <source>fenced off: a newer lock holder wrote first</source>
        <translation>abgewiesen (Fencing): ein neuerer Sperrinhaber schrieb zuerst</translation>
    </message>
    <message>
        <source>sold out</source>
        <translation>ausverkauft</translation>
    </message>
    <message>
        <source>gave up waiting for the lock</source>
        <translation>Warten auf die Sperre aufgegeben</translation>
    </message>
    <message>
        <source>released the lock</source>
        <translation>Sperre freigegeben</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>Confirmed: order %1</source>
        <translation>Bestätigt: Bestellung %1</translation>
    </message>
    <message>
        <source>Gave up: the lock stayed taken</source>
        <translation>Aufgegeben: die Sperre blieb belegt</translation>
    </message>
    <message>
        <source>Fenced off: the store refused a stale lock holder</source>
        <translation>Abgewiesen: der Speicher lehnte einen veralteten Sperrinhaber ab</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Stock set to %1</source>
        <translation>Bestand auf %1 gesetzt</translation>
    </message>
</context>
<context>
    <name>lockscope::ConnectionDialog</name>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>current</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation>Profil speichern</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Profil:</translation>
    </message>
    <message>
        <source>password (optional)</source>
        <translation>Passwort (optional)</translation>
    </message>
    <message>
        <source>Passwords are kept in the system keychain, never in the settings file.</source>
        <translation>Passwörter liegen im Schlüsselbund des Systems, nie in der Einstellungsdatei.</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>No system keychain is available (%1): passwords are not stored, you will be asked for them each time.</source>
        <translation>Kein Schlüsselbund verfügbar (%1): Passwörter werden nicht gespeichert, Sie werden jedes Mal danach gefragt.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>No keychain: password for %1 in profile &apos;%2&apos; (leave empty for none):</source>
        <translation>Kein Schlüsselbund: Passwort für %1 im Profil „%2“ (leer lassen für keines):</translation>
    </message>
    <message>
        <source>Profile &apos;%1&apos; saved.</source>
        <translation>Profil „%1“ gespeichert.</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
</context>
<context>
    <name>lockscope::ConnectionIndicator</name>
    <message>
        <source>connecting</source>
        <translation>verbinde</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>down</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>lockscope::DemoPage</name>
    <message>
        <source>Scenario</source>
        <translation>Szenario</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Fencing tokens checked by the store</source>
        <translation>Fencing-Token vom Speicher geprüft</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>crash in the critical section</source>
        <translation>Absturz im kritischen Abschnitt</translation>
    </message>
    <message>
        <source>pause past the lease</source>
        <translation>Pause über die Lease hinaus</translation>
    </message>
    <message>
        <source>slow release</source>
        <translation>langsame Freigabe</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>Strategie:</translation>
    </message>
    <message>
        <source>Stock lives in:</source>
        <translation>Bestand liegt in:</translation>
    </message>
    <message>
        <source>Buyers:</source>
        <translation>Käufer:</translation>
    </message>
    <message>
        <source>Items:</source>
        <translation>Artikel:</translation>
    </message>
    <message>
        <source>Stock per item:</source>
        <translation>Bestand je Artikel:</translation>
    </message>
    <message>
        <source>Payment time:</source>
        <translation>Bezahldauer:</translation>
    </message>
    <message>
        <source>Lease:</source>
        <translation>Lease:</translation>
    </message>
    <message>
        <source>Fault:</source>
        <translation>Fehler:</translation>
    </message>
    <message>
        <source>Fault rate:</source>
        <translation>Fehlerrate:</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Compare all strategies</source>
        <translation>Alle Strategien vergleichen</translation>
    </message>
    <message>
        <source>%v of %m sold</source>
        <translation>%v von %m verkauft</translation>
    </message>
    <message>
        <source>While it runs</source>
        <translation>Während des Laufs</translation>
    </message>
    <message>
        <source>stock left</source>
        <translation>Restbestand</translation>
    </message>
    <message>
        <source>sold</source>
        <translation>verkauft</translation>
    </message>
    <message>
        <source>oversold</source>
        <translation>überverkauft</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Run a scenario to see whether it oversells.</source>
        <translation>Starten Sie ein Szenario, um zu sehen, ob es überverkauft.</translation>
    </message>
    <message>
        <source>Strategies run in this session</source>
        <translation>In dieser Sitzung gelaufene Strategien</translation>
    </message>
    <message>
        <source>The run failed:</source>
        <translation>Der Lauf ist fehlgeschlagen:</translation>
    </message>
    <message>
        <source>Running %1…</source>
        <translation>%1 läuft…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 purchases, %3 sold, stock left %4%5&lt;br&gt;%6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 Käufe, %3 verkauft, Restbestand %4%5&lt;br&gt;%6</translation>
    </message>
    <message>
        <source>oversold %1</source>
        <translation>überverkauft %1</translation>
    </message>
    <message>
        <source>holding: %1</source>
        <translation>hält: %1</translation>
    </message>
    <message>
        <source>OVERSOLD by %1</source>
        <translation>ÜBERVERKAUFT um %1</translation>
    </message>
    <message>
        <source>No oversell</source>
        <translation>Kein Überverkauf</translation>
    </message>
    <message>
        <source>Stock and orders disagree (%1 lost updates)</source>
        <translation>Bestand und Bestellungen stimmen nicht überein (%1 verlorene Änderungen)</translation>
    </message>
    <message>
        <source>stock %1 → %2, sold %3 of %1</source>
        <translation>Bestand %1 → %2, verkauft %3 von %1</translation>
    </message>
    <message>
        <source>%1 purchases in %2 s; failed: %3 lock timeout, %4 fenced off, %5 crashed</source>
        <translation>%1 Käufe in %2 s; fehlgeschlagen: %3 Sperr-Zeitüberschreitung, %4 abgewiesen (Fencing), %5 abgestürzt</translation>
    </message>
    <message>
        <source>latency p50 %1 ms, p99 %2 ms</source>
        <translation>Latenz p50 %1 ms, p99 %2 ms</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>Vor dem Ende angehalten.</translation>
    </message>
</context>
<context>
    <name>lockscope::ForceReleaseDialog</name>
    <message>
        <source>Force-release lock</source>
        <translation>Sperre zwangsweise freigeben</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; lock &lt;b&gt;%2&lt;/b&gt;, held by &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;-Sperre &lt;b&gt;%2&lt;/b&gt;, gehalten von &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>If the lock changed since you saw it, nothing is released and you are told what changed. The attempt is written to the audit log.</source>
        <translation>Hat sich die Sperre geändert, seit Sie sie gesehen haben, wird nichts freigegeben und Sie erfahren, was sich geändert hat. Der Versuch wird im Prüfprotokoll vermerkt.</translation>
    </message>
    <message>
        <source>Why is this lock being released? (required)</source>
        <translation>Warum wird diese Sperre freigegeben? (Pflichtfeld)</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>Only cancel the running query (pg_cancel_backend)</source>
        <translation>Nur die laufende Abfrage abbrechen (pg_cancel_backend)</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Will %1.</source>
        <translation>Wird: %1.</translation>
    </message>
</context>
<context>
    <name>lockscope::LeaseBarDelegate</name>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>lockscope::LeasesPage</name>
    <message>
        <source>Lease remaining (seconds) — renewed locks saw-tooth, dying ones fall to zero</source>
        <translation>Verbleibende Lease (Sekunden) — erneuerte Sperren zeigen Sägezähne, sterbende fallen auf null</translation>
    </message>
</context>
<context>
    <name>lockscope::LockModel</name>
    <message>
        <source>no expiry</source>
        <translation>läuft nie ab</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Held for</source>
        <translation>Gehalten seit</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>Lease</translation>
    </message>
    <message>
        <source>Waiters</source>
        <translation>Wartende</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Merkmale</translation>
    </message>
</context>
<context>
    <name>lockscope::LocksPage</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Force-release…</source>
        <translation>Zwangsweise freigeben…</translation>
    </message>
    <message>
        <source>Filter by resource, holder or flag (Ctrl+F)</source>
        <translation>Nach Ressource, Inhaber oder Merkmal filtern (Strg+F)</translation>
    </message>
    <message>
        <source>All backends</source>
        <translation>Alle Backends</translation>
    </message>
    <message>
        <source>Select a lock to see its raw value, its waiters in order and, for PostgreSQL, who blocks whom.</source>
        <translation>Wählen Sie eine Sperre, um ihren Rohwert, ihre Wartenden in Reihenfolge und bei PostgreSQL die Blockierkette zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>%n lock(s)</source>
        <translation>
            <numerusform>%n Sperre</numerusform>
            <numerusform>%n Sperren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stale</source>
        <translation>
            <numerusform>%n veraltet</numerusform>
            <numerusform>%n veraltet</numerusform>
        </translation>
    </message>
    <message>
        <source>Holder:</source>
        <translation>Inhaber:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Flags:</source>
        <translation>Merkmale:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Raw:</source>
        <translation>Rohwert:</translation>
    </message>
    <message>
        <source>Waiters, in order:</source>
        <translation>Wartende, in Reihenfolge:</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n weitere</numerusform>
            <numerusform>%n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Locked rows:</source>
        <translation>Gesperrte Zeilen:</translation>
    </message>
    <message>
        <source>Query:</source>
        <translation>Abfrage:</translation>
    </message>
    <message>
        <source>Who blocks whom:</source>
        <translation>Wer blockiert wen:</translation>
    </message>
</context>
<context>
    <name>lockscope::MainWindow</name>
    <message>
        <source>LockScope (read-only)</source>
        <translation>LockScope (nur lesen)</translation>
    </message>
    <message>
        <source>LockScope</source>
        <translation>LockScope</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Connections…</source>
        <translation>Verbindungen…</translation>
    </message>
    <message>
        <source>Start local sandbox</source>
        <translation>Lokale Sandbox starten</translation>
    </message>
    <message>
        <source>Locks</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Leases</source>
        <translation>Leases</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>Kaufen</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>Read-only mode: force-release is disabled.</source>
        <translation>Nur-Lese-Modus: zwangsweises Freigeben ist abgeschaltet.</translation>
    </message>
    <message>
        <source>Releasing %1…</source>
        <translation>Gebe %1 frei…</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Changed in the meantime: nothing done</source>
        <translation>Inzwischen geändert: nichts getan</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Starting Redis, ZooKeeper and PostgreSQL on loopback…</source>
        <translation>Starte Redis, ZooKeeper und PostgreSQL auf Loopback…</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>Local sandbox running in %1</source>
        <translation>Lokale Sandbox läuft in %1</translation>
    </message>
</context>
<context>
    <name>lockscope::StockPage</name>
    <message>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Run a demo to watch the stock fall (or go below zero).</source>
        <translation>Starten Sie eine Demo, um den Bestand fallen (oder unter null gehen) zu sehen.</translation>
    </message>
    <message>
        <source>stock left</source>
        <translation>Restbestand</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Stock left during the demo (%1)</source>
        <translation>Restbestand während der Demo (%1)</translation>
    </message>
</context>
</TS>
