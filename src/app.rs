//! The wizard's event loop: terminal events, task results and a tick while
//! something counts down, each turned into a `Msg` for `update`; effects go
//! to the runner; the screen is redrawn only after a message.

use crate::CodeHint;
use crate::effects::Effects;
use crate::exit;
use crate::gate::Gate;
use crate::oauth::Client;
use crate::platform::{self, Stops};
use crate::ui::{self, Theme};
use crate::wizard::{self, Check, Key, Msg, Screen, Trouble, Wizard};
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::style::Print;
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen};
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};
use std::io::stdout;
use std::time::{Duration, Instant};
use tokio::time::sleep_until;

pub struct WizardRun {
    pub setup: wizard::Setup,
    pub client: Client,
    pub code_hint: Option<CodeHint>,
    /// What the run may write: the config and the QR picture.
    pub gate: Gate,
}

/// Runs the wizard; returns its exit status. The terminal is restored on
/// every way out: normal exit, error, panic, and a stop from outside
/// (SIGTERM and SIGHUP on Unix, the console window closing on Windows).
pub async fn run(run: WizardRun) -> u8 {
    // NO_COLOR is honoured by our theme (no colour anywhere but the QR
    // code); crossterm would otherwise drop the QR's colours too, and the
    // code would be drawn in the theme's own colours, inverted on a dark one.
    let theme = Theme::from_env();
    ratatui::crossterm::style::force_color_output(true);
    // For the terminal-restore test only: a panic on the UI thread.
    let test_panic = std::env::var_os("SMUGMUG_AUTH_TEST_PANIC").is_some();
    let mut wizard = Wizard::new(run.setup);
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut effects = Effects::new(run.client, tx, run.code_hint, run.gate);
    // A fixed viewport, resized on the terminal's resize events: the default
    // (full screen) asks the terminal for its size before every frame,
    // which opens /dev/tty once a second while the countdown runs.
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let viewport = Viewport::Fixed(Rect::new(0, 0, size.0, size.1));
    // Unlike `ratatui::init`, the options form does not enter the alternate
    // screen itself (`ratatui::restore` does leave it).
    // The report a panic gets, taken before ratatui adds its own hook: that
    // one restores with a message that panics again on a terminal gone.
    let report = std::panic::take_hook();
    let mut terminal = ratatui::init_with_options(TerminalOptions { viewport });
    restore_only_from_main_thread(report);
    let _ = execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste, Clear(ClearType::All));
    let result = event_loop(&mut terminal, &mut wizard, &mut effects, rx, theme, test_panic).await;
    let _ = execute!(stdout(), DisableBracketedPaste);
    // A terminal that hung up cannot be restored: nothing to say about it.
    let _ = ratatui::try_restore();
    // Nor can its cursor be shown, and ratatui's drop would report that
    // with a print that panics on a terminal gone.
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
    // Dropped only now: on X11 it may block briefly, and the clipboard's
    // content lasts as long as it lives.
    drop(effects.into_clipboard());
    if let Err(e) = result {
        eprintln!("error: the terminal failed: {e}. Try `smugmug-auth --plain`.");
        return exit::FAILED;
    }
    summary(&wizard);
    wizard.exit.unwrap_or(exit::CANCELLED)
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    wizard: &mut Wizard,
    effects: &mut Effects,
    mut results: tokio::sync::mpsc::UnboundedReceiver<Msg>,
    theme: Theme,
    test_panic: bool,
) -> std::io::Result<()> {
    let mut events = terminal_events();
    let mut stops = Stops::new()?;
    let mut suspends = platform::Suspends::new()?;
    let mut terminal_gone = platform::TerminalGone::watch();
    let mut out = stdout();
    let mut pasted_at: Option<Instant> = None;
    loop {
        let frame = terminal.draw(|frame| ui::draw(frame, wizard, Instant::now(), theme))?;
        // The link view's link is printed as one line, for the terminal to
        // wrap: a selection across its own wrap copies it whole.
        if let Some((row, text)) = ui::link_alone(wizard, frame.area, theme) {
            execute!(out, MoveTo(0, row), Print(text))?;
        }
        if test_panic {
            panic!("panic requested by SMUGMUG_AUTH_TEST_PANIC");
        }
        let msg = loop {
            // A timer only while something on screen counts, set for the
            // moment it changes: no wake-ups in between or after.
            let next_tick = wizard.next_tick(Instant::now());
            let wizard_ticks = next_tick.is_some();
            let next_tick = next_tick.unwrap_or_else(Instant::now).into();
            let msg = tokio::select! {
                event = events.recv() => match event {
                    Some(Ok(Event::Paste(text))) => {
                        pasted_at = Some(Instant::now());
                        Some(Msg::Paste(text))
                    }
                    // Keys right behind a paste are the paste's own tail: a
                    // pasted text holding the paste-end sequence would
                    // otherwise go on as key presses (q quits, Enter sends,
                    // Ctrl-Z suspends). Checked before any key is matched.
                    Some(Ok(Event::Key(_))) if pasted_at.is_some_and(|t| t.elapsed() < PASTE_TAIL) => None,
                    // Ctrl-Z, read as a key in raw mode: suspend as a shell would.
                    Some(Ok(Event::Key(KeyEvent { code: KeyCode::Char('z'), modifiers, .. })))
                        if modifiers.contains(KeyModifiers::CONTROL) =>
                    {
                        suspend(terminal)?;
                        Some(Msg::Resize)
                    }
                    Some(Ok(Event::Resize(cols, rows))) => {
                        terminal.resize(Rect::new(0, 0, cols, rows))?;
                        Some(Msg::Resize)
                    }
                    Some(Ok(event)) => to_msg(event),
                    Some(Err(e)) => return Err(e),
                    None => Some(Msg::Terminate(exit::FAILED)),
                },
                Some(msg) = results.recv() => Some(msg),
                () = sleep_until(next_tick), if wizard_ticks => Some(Msg::Tick),
                stop = stops.next() => Some(Msg::Terminate(stop.exit_code())),
                () = terminal_gone.gone() => Some(Msg::Terminate(platform::Stop::Hangup.exit_code())),
                () = suspends.next() => {
                    suspend(terminal)?;
                    Some(Msg::Resize)
                }
            };
            if let Some(msg) = msg {
                break msg;
            }
        };
        let now = Instant::now();
        for effect in wizard::update(wizard, msg, now) {
            effects.run(effect, &mut out);
        }
        effects.keep_listening(wizard.listening(now));
        if wizard.exit.is_some() {
            finish_running_save(wizard, &mut results).await;
            return Ok(());
        }
    }
}

/// How soon after a paste a key is taken as typed: a terminal delivers a
/// paste in one burst, and no one types within 50 ms of one.
const PASTE_TAIL: Duration = Duration::from_millis(50);

/// Gives the terminal back (cooked, main screen, cursor shown), stops
/// until `fg`, then takes it again and redraws everything.
fn suspend(terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    let _ = execute!(stdout(), DisableBracketedPaste);
    let _ = ratatui::try_restore();
    platform::suspend_self();
    ratatui::crossterm::terminal::enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    // The window may have changed size meanwhile. `resize` clears the screen
    // and forgets the last frame, so the next one is drawn whole (unlike
    // `Terminal::clear`, it does not ask for the cursor position, which
    // would wait on the reader thread).
    let (cols, rows) = ratatui::crossterm::terminal::size()?;
    terminal.resize(Rect::new(0, 0, cols, rows))
}

/// Quitting while "Saving…" shows: the save (a blocking write that cannot
/// be stopped halfway) finishes first, so what is said about the config
/// afterwards is true of the disk.
async fn finish_running_save(wizard: &mut Wizard, results: &mut tokio::sync::mpsc::UnboundedReceiver<Msg>) {
    if !matches!(wizard.screen, Screen::Save { saving_since: Some(_), .. }) {
        return;
    }
    while let Some(msg) = results.recv().await {
        if let Msg::SaveDone(result) = msg {
            wizard::update(wizard, Msg::SaveDone(result), Instant::now());
            return;
        }
    }
}

/// Terminal events from a thread of their own that blocks in
/// `crossterm::event::read`: nothing polls or spins while the person looks
/// at their phone. The thread ends with the process.
fn terminal_events() -> tokio::sync::mpsc::UnboundedReceiver<std::io::Result<Event>> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let spawned = std::thread::Builder::new().name("terminal-events".into()).spawn(move || {
        loop {
            let event = ratatui::crossterm::event::read();
            let failed = event.is_err();
            if tx.send(event).is_err() || failed {
                return;
            }
        }
    });
    if let Err(e) = spawned {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let _ = tx.send(Err(e));
        return rx;
    }
    rx
}

fn to_msg(event: Event) -> Option<Msg> {
    match event {
        // Pastes and resizes are taken in the event loop itself.
        Event::Key(key) if key.kind != KeyEventKind::Release => to_key(key).map(Msg::Key),
        _ => None,
    }
}

fn to_key(key: KeyEvent) -> Option<Key> {
    Some(match key.code {
        KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => {
            Key::Ctrl(c.to_ascii_lowercase())
        }
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        _ => return None,
    })
}

/// ratatui's hook restores the terminal on any panic; a panic in a task
/// (a network call, the demo server) would then leave the screen while the
/// wizard runs on. Only the UI itself, on the main thread and outside any
/// task, may restore; a task's panic ends just that task.
fn restore_only_from_main_thread(report: Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send>) {
    std::panic::set_hook(Box::new(move |info| {
        let ui = std::thread::current().name() == Some("main") && tokio::task::try_id().is_none();
        if ui {
            let _ = execute!(stdout(), DisableBracketedPaste);
            let _ = ratatui::try_restore();
            report(info);
        }
    }));
}

/// One line left in the scrollback once the screen is gone.
fn summary(wizard: &Wizard) {
    if let Some(picture) = &wizard.picture {
        eprintln!("smugmug-auth: the QR code picture is kept at {}", picture.display());
    }
    match (&wizard.screen, &wizard.check, &wizard.trouble) {
        (Screen::Done { saved, .. }, _, _) => {
            eprintln!("smugmug-auth: saved to {}", saved.path.display());
            if let Some(note) = saved.links_note() {
                eprintln!("smugmug-auth: note: {note}");
            }
        }
        (_, Check::Passed(account), _) => {
            eprintln!("smugmug-auth: the saved credentials work (authorized as {})", account.label());
        }
        // The save failed: the message names where the credentials are.
        (_, _, Some(Trouble::Save(error))) => eprintln!("smugmug-auth: {error}"),
        // Quit with a failure showing: the pane's text stays behind, as
        // plain mode prints it, so the reason outlives the screen.
        (_, _, Some(Trouble::Client { diagnosis, .. })) => {
            eprint!("smugmug-auth: {}", wizard.context.rerun.fill(&diagnosis.to_text()));
            eprintln!("smugmug-auth: {}", crate::config::untouched(&wizard.context.config_path));
        }
        _ => eprintln!("smugmug-auth: {}", crate::config::untouched(&wizard.context.config_path)),
    }
}
