//! Reading incident data for `ninesim fit` (docs/model.md, "Incident data"): both shapes, CSV and
//! JSON, the derivation of up times and repairs with their censoring, and every class of bad
//! input, which must give a problem with its line and column, never a panic.

use std::path::Path;

use ninesim::model::TimeUnit;
use ninesim::model::incidents::{ComponentData, DataOptions, DataProblem, DataShape, IncidentData, MAX_PROBLEMS, parse};
use ninesim::stats::fit::Observation;

fn read(text: &str, options: &DataOptions) -> IncidentData {
    match parse(text, Path::new("data.csv"), options) {
        Ok(data) => data,
        Err(e) => panic!("expected valid data, got {e}"),
    }
}

fn problems(text: &str, options: &DataOptions) -> Vec<DataProblem> {
    match parse(text, Path::new("bad.csv"), options) {
        Err(e) => e.problems,
        Ok(data) => panic!("data should be refused: {data:?}"),
    }
}

/// Asserts exactly one problem, at `line` and `column`, whose message contains every one of `words`.
fn assert_single(text: &str, options: &DataOptions, line: usize, column: Option<&str>, words: &[&str]) {
    let found = problems(text, options);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].line, found[0].column.as_deref()), (line, column), "{found:#?}");
    for w in words {
        assert!(found[0].message.contains(w), "message {:?} lacks {w:?}", found[0].message);
    }
}

fn hours() -> DataOptions {
    DataOptions::default()
}

fn window(from: &str, to: &str) -> DataOptions {
    DataOptions { from: Some(from.into()), to: Some(to.into()), ..DataOptions::default() }
}

fn obs(time: f64) -> Observation {
    Observation { time, censored: false }
}

fn cut(time: f64) -> Observation {
    Observation { time, censored: true }
}

fn component<'a>(data: &'a IncidentData, id: &str) -> &'a ComponentData {
    data.components.iter().find(|c| c.id.as_deref() == Some(id)).unwrap_or_else(|| panic!("no component {id}"))
}

fn assert_close(found: &[Observation], expected: &[Observation]) {
    assert_eq!(found.len(), expected.len(), "{found:?} vs {expected:?}");
    for (f, e) in found.iter().zip(expected) {
        assert!((f.time - e.time).abs() < 1e-9 * e.time.max(1.0) && f.censored == e.censored, "{found:?} vs {expected:?}");
    }
}

// ---- durations ----

#[test]
fn a_durations_file_gives_one_sample_with_censored_rows() {
    let data = read("duration,censored\n12.5,false\n3,true\n7,no\n8,1\n9,\n", &hours());
    assert_eq!(data.shape, DataShape::Durations);
    assert_eq!(data.window_length, None);
    assert_eq!(data.components.len(), 1);
    let sample = &data.components[0];
    assert_eq!(sample.id, None);
    assert!(sample.repairs.is_empty());
    // An empty flag is the common case written short: not censored.
    assert_eq!(sample.failures, [obs(12.5), cut(3.0), obs(7.0), cut(8.0), obs(9.0)]);
    assert!(data.warnings.is_empty(), "{:?}", data.warnings);
}

#[test]
fn event_is_the_opposite_of_censored() {
    let data = read("Duration,EVENT\n4,yes\n5,0\n", &hours());
    assert_eq!(data.components[0].failures, [obs(4.0), cut(5.0)]);
}

#[test]
fn a_duration_column_alone_is_all_failures() {
    let data = read("duration\n1\n2e3\n", &hours());
    assert_eq!(data.components[0].failures, [obs(1.0), obs(2000.0)]);
}

#[test]
fn numbers_are_in_the_unit_asked_for() {
    let options = DataOptions { unit: TimeUnit::Minutes, ..DataOptions::default() };
    let data = read("duration\n90\n", &options);
    assert_eq!(data.unit, TimeUnit::Minutes);
    assert_eq!(data.components[0].failures, [obs(90.0)]);
}

#[test]
fn a_byte_order_mark_comments_whitespace_and_crlf_are_accepted() {
    let data = read("\u{feff}# exported 2025-03-01\r\n duration , censored \r\n# a note\r\n 12 , true \r\n\r\n4,false\r\n", &hours());
    assert_eq!(data.components[0].failures, [cut(12.0), obs(4.0)]);
}

#[test]
fn extra_columns_are_ignored_with_one_warning() {
    let data = read("disk,duration,censored,note\nd1,10,false,x\nd2,20,true,y\n", &hours());
    assert_eq!(data.components[0].failures, [obs(10.0), cut(20.0)]);
    assert_eq!(data.warnings.len(), 1, "{:?}", data.warnings);
    assert!(
        data.warnings[0].contains("`disk`") && data.warnings[0].contains("`note`") && data.warnings[0].contains("ignored"),
        "{:?}",
        data.warnings
    );
}

#[test]
fn rows_with_every_field_empty_are_skipped_with_a_warning() {
    let data = read("duration,censored\n1,false\n,\n2,true\n", &hours());
    assert_eq!(data.components[0].failures, [obs(1.0), cut(2.0)]);
    assert!(data.warnings.iter().any(|w| w.contains("every field empty") && w.contains("line 3")), "{:?}", data.warnings);
}

// ---- timelines: derivation ----

/// Two components over hours 0..50, in hand-computed numbers:
/// a: incidents [10, 12], [20, 25], [40, 41] → up 10, 8, 15 and 9 censored; repairs 2, 5, 1.
/// b: incidents [5, 6], [30, open] → up 5, 24; repairs 1 and 20 censored; no final up time.
const NUMERIC: &str = "component,start,end\na,10,12\nb,5,6\na,20,25\nb,30,\na,40,41\n";

#[test]
fn up_times_and_repairs_follow_the_incidents_in_a_given_window() {
    let data = read(NUMERIC, &window("0", "50"));
    assert_eq!(data.shape, DataShape::Timeline);
    assert_eq!(data.window_length, Some(50.0));
    let ids: Vec<_> = data.components.iter().map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, [Some("a"), Some("b")], "order of first appearance");
    let a = component(&data, "a");
    assert_eq!(a.failures, [obs(10.0), obs(8.0), obs(15.0), cut(9.0)]);
    assert_eq!(a.repairs, [obs(2.0), obs(5.0), obs(1.0)]);
    let b = component(&data, "b");
    assert_eq!(b.failures, [obs(5.0), obs(24.0)]);
    assert_eq!(b.repairs, [obs(1.0), cut(20.0)]);
    assert!(data.warnings.is_empty(), "{:?}", data.warnings);
}

#[test]
fn rows_in_any_order_give_the_same_samples() {
    let shuffled = "component,start,end\na,40,41\nb,30,\na,10,12\nb,5,6\na,20,25\n";
    let (x, y) = (read(NUMERIC, &window("0", "50")), read(shuffled, &window("0", "50")));
    assert_eq!(component(&x, "a"), component(&y, "a"));
    assert_eq!(component(&x, "b"), component(&y, "b"));
}

#[test]
fn a_window_start_taken_from_the_data_leaves_the_first_up_times_out_and_says_so() {
    let data = read(NUMERIC, &DataOptions { to: Some("50".into()), ..DataOptions::default() });
    // from = 5, the earliest start.
    assert_eq!(data.window_length, Some(45.0));
    assert_eq!(component(&data, "a").failures, [obs(8.0), obs(15.0), cut(9.0)]);
    assert_eq!(component(&data, "b").failures, [obs(24.0)]);
    assert_eq!(data.warnings.len(), 1, "{:?}", data.warnings);
    assert!(data.warnings[0].contains("start was taken from the data") && data.warnings[0].contains("line 3"), "{:?}", data.warnings);
    assert!(data.warnings[0].contains("unknown"), "{:?}", data.warnings);
}

#[test]
fn a_window_end_taken_from_the_data_is_the_latest_end_or_start() {
    let data = read(NUMERIC, &DataOptions { from: Some("0".into()), ..DataOptions::default() });
    // to = 41, a's last end: a's last up time has length 0 and is left out; b's open repair is
    // censored at 41.
    assert_eq!(data.window_length, Some(41.0));
    assert_eq!(component(&data, "a").failures, [obs(10.0), obs(8.0), obs(15.0)]);
    assert_eq!(component(&data, "b").repairs, [obs(1.0), cut(11.0)]);
    assert_eq!(data.warnings.len(), 1, "{:?}", data.warnings);
    assert!(data.warnings[0].contains("end was taken from the data") && data.warnings[0].contains("line 6"), "{:?}", data.warnings);
    // An open incident starting last fixes the end at its start; its repair saw nothing.
    let open_last = read("component,start,end\na,1,2\na,10,\n", &DataOptions { from: Some("0".into()), ..DataOptions::default() });
    assert_eq!(open_last.window_length, Some(10.0));
    assert_eq!(component(&open_last, "a").repairs, [obs(1.0)]);
    assert_eq!(component(&open_last, "a").failures, [obs(1.0), obs(8.0)]);
}

#[test]
fn both_ends_taken_from_the_data_give_two_warnings() {
    let data = read(NUMERIC, &hours());
    assert_eq!(data.window_length, Some(36.0));
    assert_eq!(data.warnings.len(), 2, "{:?}", data.warnings);
}

#[test]
fn a_failure_as_the_window_opens_has_no_up_time_before_it() {
    let data = read("component,start,end\na,0,2\n", &window("0", "10"));
    assert_eq!(component(&data, "a").failures, [cut(8.0)]);
    assert_eq!(component(&data, "a").repairs, [obs(2.0)]);
}

#[test]
fn rfc3339_timestamps_with_offsets_are_instants_and_durations_come_in_the_unit() {
    // 04:10Z → 06:40+02:00 (04:40Z): 30 min; 10:00+01:00 (09:00Z) → 09:30Z: 30 min.
    let text =
        "component,start,end\nweb,2025-03-01T04:10:00Z,2025-03-01T06:40:00+02:00\nweb,2025-03-01T10:00:00+01:00,2025-03-01T09:30:00Z\n";
    let minutes = DataOptions {
        unit: TimeUnit::Minutes,
        from: Some("2025-03-01T00:00:00Z".into()),
        to: Some("2025-03-02T00:00:00Z".into()),
        ..DataOptions::default()
    };
    let data = read(text, &minutes);
    assert_eq!(data.window_length, Some(1440.0));
    let web = component(&data, "web");
    assert_close(&web.failures, &[obs(250.0), obs(260.0), cut(870.0)]);
    assert_close(&web.repairs, &[obs(30.0), obs(30.0)]);
    let in_hours = read(text, &DataOptions { unit: TimeUnit::Hours, ..minutes });
    assert_eq!(in_hours.window_length, Some(24.0));
    assert_close(&component(&in_hours, "web").repairs, &[obs(0.5), obs(0.5)]);
}

#[test]
fn the_aliases_id_failed_at_and_restored_at_name_a_timeline() {
    let data = read("ID,Failed_At,Restored_At,ticket\nx,1,2,\n", &window("0", "4"));
    assert_eq!(component(&data, "x").failures, [obs(1.0), cut(2.0)]);
    assert!(data.warnings.iter().any(|w| w.contains("`ticket`")), "{:?}", data.warnings);
}

#[test]
fn a_timeline_with_a_duration_column_is_a_timeline_and_the_shape_setting_wins() {
    let text = "component,start,end,duration\na,1,2,1\n";
    let data = read(text, &window("0", "4"));
    assert_eq!(data.shape, DataShape::Timeline);
    assert!(data.warnings.iter().any(|w| w.contains("`duration`") && w.contains("ignored")), "{:?}", data.warnings);
    let durations = read(text, &DataOptions { shape: Some(DataShape::Durations), ..DataOptions::default() });
    assert_eq!(durations.shape, DataShape::Durations);
    assert_eq!(durations.components[0].failures, [obs(1.0)]);
}

#[test]
fn control_characters_in_component_ids_are_kept_as_written() {
    let data = read("component,start,end\n\"a\u{1b}[31m\u{7}\",1,2\n", &window("0", "3"));
    assert_eq!(data.components[0].id.as_deref(), Some("a\u{1b}[31m\u{7}"));
}

// ---- JSON ----

#[test]
fn json_rows_read_like_csv_rows() {
    let text = r#"[
        {"component": "a", "start": 10, "end": 12},
        {"component": "b", "start": "5", "end": "6"},
        {"component": "a", "start": 20, "end": 25},
        {"component": "b", "start": 30, "end": null},
        {"component": "a", "start": 40, "end": 41, "note": "disk"}
    ]"#;
    let (json, csv) = (read(text, &window("0", "50")), read(NUMERIC, &window("0", "50")));
    assert_eq!(json.components, csv.components);
    assert!(json.warnings.iter().any(|w| w.contains("`note`")), "{:?}", json.warnings);
}

#[test]
fn json_object_forms_name_their_shape() {
    let durations = read(r#"  {"durations": [1, "2.5", {"duration": 3, "censored": true}, {"duration": 4, "censored": "no"}]}"#, &hours());
    assert_eq!(durations.shape, DataShape::Durations);
    assert_eq!(durations.components[0].failures, [obs(1.0), obs(2.5), cut(3.0), obs(4.0)]);
    let events = read(r#"{"durations": [{"duration": 3, "event": false}]}"#, &hours());
    assert_eq!(events.components[0].failures, [cut(3.0)]);
    let timeline = read(r#"{"incidents": [{"id": "a", "start": "2025-01-01T00:00:00Z", "end": "2025-01-01T02:00:00Z"}]}"#, &hours());
    assert_eq!(timeline.shape, DataShape::Timeline);
    assert_eq!(component(&timeline, "a").repairs, [obs(2.0)]);
}

#[test]
fn json_problems_name_the_line_of_their_row() {
    let text = "[\n  {\"duration\": 1},\n  {\"duration\": -2},\n  {\"duration\": \"x\", \"censored\": \"maybe\"}\n]";
    let found = problems(text, &hours());
    let at: Vec<_> = found.iter().map(|p| (p.line, p.column.as_deref())).collect();
    assert_eq!(at, [(3, Some("duration")), (4, Some("duration")), (4, Some("censored"))], "{found:#?}");
}

#[test]
fn json_syntax_errors_give_their_line() {
    assert_single("[\n {\"duration\": 1},\n {\"duration\": }\n]", &hours(), 3, None, &["not valid JSON"]);
}

#[test]
fn json_keys_given_twice_in_a_row_are_refused() {
    assert_single("[\n{\"duration\": 1, \"Duration\": 2}]", &hours(), 2, Some("Duration"), &["give it once"]);
}

#[test]
fn json_fields_must_be_numbers_strings_or_booleans() {
    assert_single("[{\"duration\": [1]}]", &hours(), 1, Some("duration"), &["a number, a string or a boolean"]);
}

#[test]
fn a_json_object_without_rows_says_what_it_needs() {
    assert_single(r#"{"incident": []}"#, &hours(), 0, None, &["`incident`", "`durations` or `incidents`"]);
    assert_single(r#"{"durations": 5}"#, &hours(), 1, Some("durations"), &["array"]);
    assert_single("[]", &hours(), 0, None, &["no rows"]);
    assert_single("[1]", &hours(), 1, None, &["an object"]);
}

#[test]
fn a_json_shape_against_the_shape_setting_is_refused() {
    let timeline = DataOptions { shape: Some(DataShape::Timeline), ..DataOptions::default() };
    assert_single(r#"{"durations": [1]}"#, &timeline, 0, None, &["durations", "`shape`"]);
}

// ---- bad input: every class, each with its line and column ----

#[test]
fn an_empty_file_or_a_header_alone_is_refused_and_says_so() {
    assert_single("", &hours(), 0, None, &["empty"]);
    assert_single("# only a comment\n\n", &hours(), 0, None, &["empty"]);
    assert_single("duration,censored\n", &hours(), 1, None, &["header but no rows"]);
    assert_single("duration,censored\n,\n", &hours(), 1, None, &["header but no rows", "every field empty"]);
}

#[test]
fn an_unknown_header_names_its_columns_both_shapes_and_the_near_miss() {
    assert_single(
        "duraton,censored\n1,true\n",
        &hours(),
        1,
        None,
        &["`duraton`", "`censored`", "`component`, `start` and `end`", "did you mean `duration` for `duraton`"],
    );
    assert_single("component,strat,end\na,1,2\n", &hours(), 1, None, &["did you mean `start` for `strat`"]);
}

#[test]
fn a_file_without_a_header_is_told_it_needs_one() {
    assert_single("12.5,true\n3,false\n", &hours(), 1, None, &["need a header line"]);
}

#[test]
fn a_shape_asked_for_needs_its_columns() {
    let timeline = DataOptions { shape: Some(DataShape::Timeline), ..DataOptions::default() };
    assert_single("component,start,duration\na,1,2\n", &timeline, 1, None, &["`end` missing"]);
    let durations = DataOptions { shape: Some(DataShape::Durations), ..DataOptions::default() };
    assert_single("component,start,end\na,1,2\n", &durations, 1, None, &["needs a `duration` column"]);
}

#[test]
fn duplicate_header_columns_are_refused() {
    assert_single("duration,Duration\n1,2\n", &hours(), 1, Some("Duration"), &["twice", "columns 1 and 2"]);
    assert_single("component,id,start,end\na,a,1,2\n", &hours(), 1, Some("id"), &["`component` and `id`"]);
}

#[test]
fn censored_and_event_together_are_refused() {
    assert_single("duration,censored,event\n1,true,false\n", &hours(), 1, None, &["both `censored` and `event`"]);
}

#[test]
fn ragged_rows_are_refused_each_with_its_line() {
    let found = problems("duration,censored\n1,true\n2\n3,true,x\n", &hours());
    let lines: Vec<_> = found.iter().map(|p| p.line).collect();
    assert_eq!(lines, [3, 4], "{found:#?}");
    assert!(found[0].message.contains("has 1 field(s)") && found[0].message.contains("has 2"), "{found:#?}");
}

#[test]
fn unreadable_numbers_booleans_and_timestamps_are_quoted_with_what_would_be_valid() {
    assert_single("duration\n1\n12h\n", &hours(), 3, Some("duration"), &["`12h`", "not a number", "hours"]);
    assert_single("duration,censored\n1,maybe\n", &hours(), 2, Some("censored"), &["`maybe`", "true or false"]);
    assert_single("component,start,end\na,yesterday,\n", &hours(), 2, Some("start"), &["`yesterday`", "RFC 3339", "2025-03-01T04:10:00Z"]);
    assert_single("component,start,end\na,2025-03-01T04:10:00,\n", &hours(), 2, Some("start"), &["no UTC offset", "`Z`"]);
}

#[test]
fn empty_required_fields_are_refused() {
    assert_single("duration,censored\n,true\n", &hours(), 2, Some("duration"), &["empty"]);
    assert_single("component,start,end\n,1,2\n", &hours(), 2, Some("component"), &["empty"]);
    assert_single("component,start,end\na,,2\n", &hours(), 2, Some("start"), &["empty"]);
}

#[test]
fn durations_must_be_positive_and_finite() {
    assert_single("duration\n0\n", &hours(), 2, Some("duration"), &["`0`", "> 0"]);
    assert_single("duration\n-3\n", &hours(), 2, Some("duration"), &["`-3`", "> 0"]);
    assert_single("duration\nNaN\n", &hours(), 2, Some("duration"), &["finite"]);
    assert_single("duration\ninf\n", &hours(), 2, Some("duration"), &["finite"]);
    assert_single("duration\n1e400\n", &hours(), 2, Some("duration"), &["too large"]);
}

#[test]
fn an_end_before_its_start_is_refused() {
    assert_single("component,start,end\na,5,3\n", &hours(), 2, Some("end"), &["`3`", "before the start `5`"]);
}

#[test]
fn a_repair_of_length_zero_is_refused() {
    assert_single("component,start,end\na,5,5\n", &window("0", "10"), 2, Some("end"), &["equals the start", "a repair takes time"]);
}

#[test]
fn timestamps_and_numbers_in_one_file_are_refused() {
    assert_single(
        "component,start,end\na,2025-01-01T00:00:00Z,12\n",
        &hours(),
        2,
        Some("end"),
        &["`12` is a number", "line 2 (`start`)", "not both"],
    );
    assert_single("component,start,end\na,1,2\n", &window("2025-01-01T00:00:00Z", "3"), 0, None, &["`from`", "timestamp", "line 2"]);
}

#[test]
fn incidents_outside_the_window_are_refused() {
    let text = "component,start,end\na,1,2\nb,5,12\nc,11,\n";
    let found = problems(text, &window("2", "10"));
    let at: Vec<_> = found.iter().map(|p| (p.line, p.column.as_deref())).collect();
    assert_eq!(at, [(2, Some("start")), (3, Some("end")), (4, Some("start"))], "{found:#?}");
    assert!(found[0].message.contains("before the window's start `from` (`2`)"), "{found:#?}");
    assert!(found[1].message.contains("after the window's end `to` (`10`)"), "{found:#?}");
}

#[test]
fn an_empty_window_is_refused() {
    assert_single("component,start,end\na,1,2\n", &window("5", "5"), 0, None, &["window is empty"]);
    assert_single("component,start,end\na,1,\n", &hours(), 0, None, &["window is empty"]);
}

#[test]
fn overlapping_incidents_of_one_component_name_both_lines() {
    assert_single("component,start,end\na,1,5\nb,2,3\na,4,6\n", &hours(), 4, Some("start"), &["overlaps the incident on line 2"]);
    assert_single("component,start,end\na,1,\na,4,6\n", &hours(), 3, Some("start"), &["line 2 is still open"]);
    assert_single("component,start,end\na,1,5\na,5,6\n", &hours(), 3, Some("start"), &["when the incident on line 2 ends", "merge"]);
    // One long incident covers the next two: both are caught.
    let found = problems("component,start,end\na,1,10\na,2,3\na,4,5\n", &hours());
    let lines: Vec<_> = found.iter().map(|p| p.line).collect();
    assert_eq!(lines, [3, 4], "{found:#?}");
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = "component,start,end\na,x,2\n,1,2\nb,3,1\nc,1,2,9\n";
    let found = problems(text, &hours());
    let at: Vec<_> = found.iter().map(|p| (p.line, p.column.as_deref())).collect();
    assert_eq!(at, [(2, Some("start")), (3, Some("component")), (4, Some("end")), (5, None)], "{found:#?}");
}

#[test]
fn a_flood_of_problems_is_cut_at_the_cap_and_counted() {
    let text = format!("duration\n{}", "x\n".repeat(1000));
    let err = parse(&text, Path::new("many.csv"), &hours()).expect_err("refused");
    assert_eq!(err.problems.len(), MAX_PROBLEMS);
    assert_eq!(err.omitted, 1000 - MAX_PROBLEMS);
    assert_eq!(err.problems[0].line, 2, "the first lines are listed");
    let shown = err.to_string();
    assert!(shown.starts_with("many.csv: 1000 problem(s)"), "{shown}");
    assert!(shown.ends_with(&format!("… and {} more", 1000 - MAX_PROBLEMS)), "{shown}");
    assert!(shown.contains("line 2, column `duration`: `x` is not a number"), "{shown}");
}

// ---- hostile input ----

#[test]
fn huge_numbers_stay_finite_or_are_refused() {
    let data = read("component,start,end\na,0,1e308\n", &hours());
    assert!(component(&data, "a").repairs.iter().all(|o| o.time.is_finite()));
    assert_single("component,start,end\na,-1e308,1e308\n", &hours(), 2, Some("end"), &["too far"]);
    let found = problems("component,start,end\na,-1e308,-1e308\nb,1e308,\n", &hours());
    assert!(found.iter().any(|p| p.message.contains("too long to measure") || p.message.contains("equals")), "{found:#?}");
    let big = read("duration\n1e308\n", &hours());
    assert!(big.components[0].failures[0].time.is_finite());
}

#[test]
fn very_long_fields_are_cut_short_in_messages() {
    let long = "9".repeat(100_000) + "x";
    let found = problems(&format!("duration\n{long}\n"), &hours());
    assert!(found[0].message.len() < 300, "{}", found[0].message.len());
    let date = format!("2025-03-01T04:10:00{}Z", "9".repeat(100_000));
    let found = problems(&format!("component,start,end\na,{date},\n"), &hours());
    assert!(found[0].message.len() < 600, "{}", found[0].message);
}

#[test]
fn control_characters_in_names_are_escaped_in_messages() {
    let err = parse("duration,\u{1b}[2J\n1\n", Path::new("x.csv"), &hours()).expect_err("ragged");
    assert!(!err.to_string().contains('\u{1b}'));
    let err = parse("duration\n\u{1b}[2J\n", Path::new("x.csv"), &hours()).expect_err("not a number");
    assert!(!err.to_string().contains('\u{1b}'), "{err}");
}

#[test]
fn a_hundred_thousand_rows_are_read_quickly() {
    use std::fmt::Write;
    let mut text = String::from("component,start,end\n");
    for i in 0..100_000u64 {
        let _ = writeln!(text, "c{},{},{}", i % 7, i * 10, i * 10 + 3);
    }
    let begun = std::time::Instant::now();
    let data = read(&text, &window("0", "1000000"));
    assert_eq!(data.components.len(), 7);
    assert_eq!(data.components.iter().map(|c| c.repairs.len()).sum::<usize>(), 100_000);
    assert!(begun.elapsed().as_secs_f64() < 5.0, "{:?}", begun.elapsed());
    let mut bad = String::from("duration\n");
    for _ in 0..100_000 {
        bad.push_str("-1\n");
    }
    let err = parse(&bad, Path::new("bad.csv"), &hours()).expect_err("refused");
    assert_eq!(err.problems.len() + err.omitted, 100_000);
}

#[test]
fn arbitrary_text_never_panics() {
    let samples = [
        "\"",
        "\"unterminated\n1",
        "[",
        "{",
        "{\"durations\": [",
        "[{]",
        "\u{feff}",
        "\u{feff}[]",
        "#",
        "a\0b\n\0",
        "component,start,end\n\"\"\"\",1,2",
        "component,start,end\na,1,2\na,1,2\n",
        "{\"durations\": [[1]]}",
        "{\"incidents\": [1]}",
        "[\"x\"]",
        "[null]",
        "[{\"duration\": {}}]",
        "component,start,end\na,+002025-03-01T00:00:00Z,",
        "component,start,end\na,9999-12-31T23:59:59Z,",
        "component,start,end\na,-0,0",
    ];
    for text in samples {
        for options in [hours(), window("0", "10"), DataOptions { shape: Some(DataShape::Timeline), ..DataOptions::default() }] {
            let _ = parse(text, Path::new("x"), &options);
        }
    }
    let deep = "[".repeat(10_000);
    let _ = parse(&deep, Path::new("deep.json"), &hours());
}

// ---- the bundled sample data (examples/incident_log.rs generates it) ----

fn bundled(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data").join(name)).expect("bundled data")
}

#[test]
fn the_bundled_incident_log_reads_as_five_years_of_three_components() {
    let data = read(&bundled("incident-log.csv"), &window("2021-01-01T00:00:00Z", "2026-01-01T00:00:00Z"));
    assert!(data.warnings.is_empty(), "{:?}", data.warnings);
    // Five calendar years, 2024 a leap year.
    assert_eq!(data.window_length, Some(1826.0 * 24.0));
    let counts: Vec<_> = data
        .components
        .iter()
        .map(|c| (c.id.as_deref().unwrap_or(""), c.failures.iter().filter(|o| !o.censored).count(), c.repairs.len()))
        .collect();
    assert_eq!(counts, [("web", 34, 34), ("db", 15, 15), ("lb", 22, 22)]);
    for c in &data.components {
        // One censored up time at the end (no repair is open at the window's end).
        assert_eq!(c.failures.iter().filter(|o| o.censored).count(), 1);
        assert!(c.repairs.iter().all(|o| !o.censored));
        let total: f64 = c.failures.iter().chain(&c.repairs).map(|o| o.time).sum();
        assert!((total - 1826.0 * 24.0).abs() < 1e-6, "up and repair times fill the window: {total}");
    }
    // With the window taken from the data, both ends are warned about.
    assert_eq!(read(&bundled("incident-log.csv"), &hours()).warnings.len(), 2);
}

#[test]
fn the_bundled_disk_ages_read_as_sixty_disks_some_censored() {
    let data = read(&bundled("disk-ages.csv"), &hours());
    assert_eq!(data.shape, DataShape::Durations);
    let sample = &data.components[0].failures;
    assert_eq!(sample.len(), 60);
    assert_eq!(sample.iter().filter(|o| !o.censored).count(), 32);
    assert!(sample.iter().filter(|o| o.censored).all(|o| o.time == 30_000.0));
}

/// A data file that is not UTF-8 (Latin-1 from an old export, UTF-16 from a spreadsheet) was
/// refused by the binary with "stream did not contain valid UTF-8", no line, and exit code 1.
/// Its bytes are read here: the first byte that is not UTF-8 is a problem at its line, with
/// its place in the line and what to do.
#[test]
fn bytes_that_are_not_utf8_are_a_problem_at_their_line() {
    use ninesim::model::incidents::parse_bytes;
    let latin1 = b"component,start,end\nweb,1,2\ncaf\xe9,3,4\n";
    let found = match parse_bytes(latin1, Path::new("bad.csv"), &hours()) {
        Err(e) => e.problems,
        Ok(data) => panic!("should be refused: {data:?}"),
    };
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].line, 3);
    for w in ["UTF-8", "character 4", "byte 31"] {
        assert!(found[0].message.contains(w), "{w:?} missing from {}", found[0].message);
    }
    // UTF-8 bytes read as the text would.
    let good = "duration\n1\n2\n3\n";
    assert_eq!(parse_bytes(good.as_bytes(), Path::new("d.csv"), &hours()).expect("valid"), read(good, &hours()));
}

/// A row object holding a number beyond f64 (1e400) passed the syntax check and was then
/// refused as "each row must be an object", which it is: the problem is the number.
#[test]
fn a_json_number_beyond_f64_is_named_as_such_not_as_a_row_that_is_no_object() {
    let found = problems("[\n{\"duration\": 1},\n{\"duration\": 1e400}\n]", &hours());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].line, 3);
    assert!(!found[0].message.contains("each row must be"), "{}", found[0].message);
    assert!(found[0].message.contains("1.8e308"), "{}", found[0].message);
}
