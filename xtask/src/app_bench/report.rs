//! The figures of `bench --app` as people read them (the table against the targets) and as
//! `target/bench/app.json` keeps them.

use super::*;

/// Nearest-rank percentile (as the store benchmarks compute it).
pub(super) fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

/// Per executable name: (RSS MB, PSS MB if known) of each run, summed over processes of that
/// name within a run.
pub(super) fn per_name(runs: &[Run]) -> BTreeMap<String, Vec<(f64, Option<f64>)>> {
    let mut out: BTreeMap<String, Vec<(f64, Option<f64>)>> = BTreeMap::new();
    for r in runs {
        let mut this: BTreeMap<&str, (f64, Option<f64>)> = BTreeMap::new();
        for p in &r.procs {
            let e = this.entry(&p.name).or_insert((0.0, Some(0.0)));
            e.0 += p.rss_kb as f64 / 1024.0;
            e.1 = e.1.zip(p.pss_kb).map(|(a, b)| a + b as f64 / 1024.0);
        }
        for (name, v) in this {
            out.entry(name.to_string()).or_default().push(v);
        }
    }
    out
}

/// `(p50, p95)` of the present values, if every run had one.
pub(super) fn p50_p95(values: &[Option<f64>]) -> Option<(f64, f64)> {
    let v: Option<Vec<f64>> = values.iter().copied().collect();
    let v = v.filter(|v| !v.is_empty())?;
    Some((percentile(&v, 0.5), percentile(&v, 0.95)))
}

pub(super) fn verdict(p95: f64, target: f64) -> &'static str {
    if p95 <= target {
        "ok"
    } else {
        "MISS"
    }
}

/// File sizes in bytes.
pub(super) struct Sizes {
    /// The stripped release binary.
    pub(super) binary: u64,
    /// The `.deb` made from it.
    pub(super) deb: u64,
    /// The `.AppImage` made from the `.deb`.
    pub(super) appimage: u64,
}

pub(super) fn table(runs: &[Run], display: &str, sizes: &Sizes) -> String {
    let startup: Vec<f64> = runs.iter().map(|r| r.startup_ms as f64).collect();
    let wall: Vec<f64> = runs.iter().map(|r| r.wall_ms).collect();
    let rss: Vec<f64> = runs.iter().map(Run::rss_mb).collect();
    let pss: Vec<Option<f64>> = runs.iter().map(Run::pss_mb).collect();
    let mut s = format!(
        "App figures: release build, {} runs, fresh data folder each, DISPLAY {display}, \
         memory after {} s idle\n",
        runs.len(),
        IDLE.as_secs()
    );
    let _ = writeln!(s, "{:<44} {:>9} {:>9}  target", "figure", "p50", "p95");
    let _ = writeln!(s, "{}", "-".repeat(80));
    let row = |s: &mut String, name: &str, unit: &str, p50: f64, p95: f64, target: String| {
        let _ = writeln!(
            s,
            "{name:<44} {:>9} {:>9}  {target}",
            format!("{p50:.0} {unit}"),
            format!("{p95:.0} {unit}")
        );
    };
    let (a, b) = (percentile(&startup, 0.5), percentile(&startup, 0.95));
    let target = format!(
        "≤ {STARTUP_TARGET_MS:.0} ms {}",
        verdict(b, STARTUP_TARGET_MS)
    );
    row(
        &mut s,
        "start-up to first paint (app's log)",
        "ms",
        a,
        b,
        target,
    );
    let (a, b) = (percentile(&wall, 0.5), percentile(&wall, 0.95));
    let target = format!(
        "≤ {STARTUP_TARGET_MS:.0} ms {}",
        verdict(b, STARTUP_TARGET_MS)
    );
    row(
        &mut s,
        "spawn to `ui ready` in the log (wall)",
        "ms",
        a,
        b,
        target,
    );
    match p50_p95(&pss) {
        Some((a, b)) => {
            let target = format!(
                "≤ {MEMORY_TARGET_MB:.0} MB {}",
                verdict(b, MEMORY_TARGET_MB)
            );
            row(&mut s, "idle PSS, all processes", "MB", a, b, target);
        }
        None => {
            let _ = writeln!(
                s,
                "{:<44} {:>9}  (≤ {MEMORY_TARGET_MB:.0} MB: not measurable here)",
                "idle PSS, all processes", "n/a"
            );
        }
    }
    let (a, b) = (percentile(&rss, 0.5), percentile(&rss, 0.95));
    row(
        &mut s,
        "idle RSS, all processes (summed)",
        "MB",
        a,
        b,
        String::new(),
    );
    for (name, v) in per_name(runs) {
        let rss: Vec<f64> = v.iter().map(|x| x.0).collect();
        let (a, b) = (percentile(&rss, 0.5), percentile(&rss, 0.95));
        let label = if v.len() == runs.len() {
            format!("  RSS {name}")
        } else {
            format!("  RSS {name} ({} of {} runs)", v.len(), runs.len())
        };
        row(&mut s, &label, "MB", a, b, String::new());
        if let Some((a, b)) = p50_p95(&v.iter().map(|x| x.1).collect::<Vec<_>>()) {
            row(&mut s, &format!("  PSS {name}"), "MB", a, b, String::new());
        }
    }
    let _ = writeln!(
        s,
        "{:<44} {:>9}",
        "release binary (stripped)",
        format!("{:.1} MB", sizes.binary as f64 / 1e6)
    );
    let _ = writeln!(
        s,
        "{:<44} {:>9}",
        ".deb size",
        format!("{:.1} MB", sizes.deb as f64 / 1e6)
    );
    let _ = writeln!(
        s,
        "{:<44} {:>9}",
        ".AppImage size",
        format!("{:.1} MB", sizes.appimage as f64 / 1e6)
    );
    s
}

/// A JSON string literal.
pub(super) fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON number, `null` when not finite.
pub(super) fn json_num(x: f64) -> String {
    if x.is_finite() {
        format!("{}", (x * 10.0).round() / 10.0)
    } else {
        "null".into()
    }
}

pub(super) fn json_pct(values: &[f64]) -> String {
    format!(
        "{{\"p50\": {}, \"p95\": {}}}",
        json_num(percentile(values, 0.5)),
        json_num(percentile(values, 0.95))
    )
}

pub(super) fn report_json(
    runs: &[Run],
    display: &str,
    binary: &Path,
    deb: &Path,
    sizes: &Sizes,
) -> String {
    let startup: Vec<f64> = runs.iter().map(|r| r.startup_ms as f64).collect();
    let wall: Vec<f64> = runs.iter().map(|r| r.wall_ms).collect();
    let rss: Vec<f64> = runs.iter().map(Run::rss_mb).collect();
    let pss: Vec<Option<f64>> = runs.iter().map(Run::pss_mb).collect();
    let pss_json = match p50_p95(&pss) {
        Some((a, b)) => format!("{{\"p50\": {}, \"p95\": {}}}", json_num(a), json_num(b)),
        None => "null".into(),
    };
    let mut per_process = Vec::new();
    for (name, v) in per_name(runs) {
        let rss: Vec<f64> = v.iter().map(|x| x.0).collect();
        let pss = match p50_p95(&v.iter().map(|x| x.1).collect::<Vec<_>>()) {
            Some((a, b)) => format!("{{\"p50\": {}, \"p95\": {}}}", json_num(a), json_num(b)),
            None => "null".into(),
        };
        per_process.push(format!(
            "    {{\"name\": {}, \"runs\": {}, \"rss_mb\": {}, \"pss_mb\": {pss}}}",
            json_str(&name),
            v.len(),
            json_pct(&rss)
        ));
    }
    let per_run: Vec<String> = runs
        .iter()
        .map(|r| {
            let procs: Vec<String> = r
                .procs
                .iter()
                .map(|p| {
                    format!(
                        "{{\"pid\": {}, \"name\": {}, \"rss_kb\": {}, \"pss_kb\": {}}}",
                        p.pid,
                        json_str(&p.name),
                        p.rss_kb,
                        p.pss_kb.map_or("null".into(), |k| k.to_string())
                    )
                })
                .collect();
            format!(
                "    {{\"startup_ms\": {}, \"wall_ms\": {}, \"stop_ms\": {}, \"processes\": [{}]}}",
                r.startup_ms,
                json_num(r.wall_ms),
                json_num(r.stop_ms),
                procs.join(", ")
            )
        })
        .collect();
    let unix_time = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!(
        "{{\n  \"unix_time\": {unix_time},\n  \"machine\": {{\"os\": {}, \"arch\": {}, \"cpus\": {cpus}}},\n  \
         \"binary\": {},\n  \"binary_bytes\": {},\n  \"deb\": {},\n  \"deb_bytes\": {},\n  \"appimage_bytes\": {},\n  \
         \"display\": {},\n  \
         \"runs\": {},\n  \"idle_s\": {},\n  \
         \"targets\": {{\"startup_ms\": {STARTUP_TARGET_MS}, \"idle_pss_mb\": {MEMORY_TARGET_MB}}},\n  \
         \"startup_ms\": {},\n  \"wall_to_ready_ms\": {},\n  \"idle_rss_mb\": {},\n  \
         \"idle_pss_mb\": {pss_json},\n  \"per_process\": [\n{}\n  ],\n  \"per_run\": [\n{}\n  ]\n}}\n",
        json_str(std::env::consts::OS),
        json_str(std::env::consts::ARCH),
        json_str(&binary.display().to_string()),
        sizes.binary,
        json_str(&deb.display().to_string()),
        sizes.deb,
        sizes.appimage,
        json_str(display),
        runs.len(),
        IDLE.as_secs(),
        json_pct(&startup),
        json_pct(&wall),
        json_pct(&rss),
        per_process.join(",\n"),
        per_run.join(",\n"),
    )
}
