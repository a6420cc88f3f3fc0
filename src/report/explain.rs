//! The worked example of `ninesim explain`: plain text that reads like a textbook, or Markdown.

use std::fmt::Write;

use super::fmt::{column_width, count, number, pad_right, probability, small_or_plain as small, visible};
use super::markdown::{
    self as md,
    Place::{Cell, Line},
};
use crate::analysis::explain::{Explanation, Rule, Step};
use crate::stats::Estimate;

/// Why each rule holds, in one sentence.
fn reason(rule: Rule) -> &'static str {
    match rule {
        Rule::Component => "",
        Rule::Series => "A series block is up only when every child is up; the children are independent, so multiply:",
        Rule::Parallel => "A parallel block is down only when every child is down; the children are independent, so multiply the U's:",
        Rule::KOfNIdentical => "At least k of n identical, independent children up: add the binomial probabilities of j = k … n up:",
        Rule::KOfN => {
            "At least k of n different children up: build the probability P_j(m) that exactly m of the first j children are up, one child at a time:"
        }
        Rule::Factoring => {
            "A shared component makes the blocks above it dependent, so condition on it (total probability, the factoring theorem) and weigh each case:"
        }
        Rule::Bdd => "With this many shared components the sum runs over the paths of the structure's decision diagram:",
        Rule::Capacity => {
            "A capacity vote is up while the members that are up have enough capacity together; the members are independent, so add the probabilities of the combinations that do:"
        }
    }
}

/// The lines that say where the maths stops: at the first step a dependence touches, what it is
/// and why; above it, that the step inherits the approximation. `said`: dependences already
/// explained.
fn stops(x: &Explanation, step: &Step, said: &mut Vec<String>) -> Vec<String> {
    let mut lines = Vec::new();
    let (new, old): (Vec<&String>, Vec<&String>) = step.approximate.iter().partition(|w| !said.contains(w));
    for what in new {
        let effect = x.approximate.iter().find(|d| &d.what == what).map_or("", |d| d.effect.as_str());
        lines.push(format!(
            "≈ the maths stops here: {}: {effect}; from here up the formulas take the components as independent",
            visible(what)
        ));
        said.push(what.clone());
    }
    if !old.is_empty() {
        lines.push(format!(
            "≈ approximate (independence assumed despite {})",
            old.iter().map(|w| visible(w).into_owned()).collect::<Vec<_>>().join(", ")
        ));
    }
    lines
}

/// The system's line: exact, or the approximation beside the chain's exact value or the run.
fn approximate_system(x: &Explanation) -> Vec<String> {
    let mut lines = Vec::new();
    if x.approximate.is_empty() {
        return lines;
    }
    lines.push("≈ approximate: the components are not independent (see the steps marked ≈)".to_string());
    if let Some(c) = &x.chain {
        lines.push(format!(
            "exact (the model's Markov chain): A = {}, U = {}, {} minutes of downtime a year",
            probability(c.availability),
            small(c.unavailability),
            number(c.unavailability * crate::units::MINUTES_PER_YEAR)
        ));
    } else if let Some(why) = &x.no_exact {
        lines.push(format!("no exact answer: {}", visible(why)));
    }
    lines
}

fn simulated(e: &Estimate) -> String {
    if e.std_error.is_finite() {
        format!("simulated U = {} [{}, {}]", small(e.mean), small(e.ci95[0].max(0.0)), small(e.ci95[1]))
    } else {
        format!("simulated U = {}", small(e.mean))
    }
}

fn result_line(step: &Step) -> String {
    format!("A = {}, U = {}", probability(step.availability), small(step.unavailability))
}

pub fn text(x: &Explanation) -> String {
    let unit = x.time_unit.symbol();
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "Worked example: {}  ({})\n", visible(&x.model.name), visible(&x.model.file));
    let _ = writeln!(
        w,
        "Each component alternates between up and down. Over a long time it is up a fraction\n\
         A = MTTF / (MTTF + MTTR) of the time, whatever the shape of its distributions (the\n\
         alternating renewal theorem). Components fail and are repaired independently, so the\n\
         rules of probability combine them block by block, from the bottom up.\n"
    );
    if !x.approximate.is_empty() {
        let _ = writeln!(
            w,
            "Here they are not all independent: {}. Where that touches a block, the maths stops:\n\
             the steps marked ≈ show what the formulas give if the components were independent{}.\n",
            x.approximate.iter().map(|d| visible(&d.what).into_owned()).collect::<Vec<_>>().join(", "),
            if x.simulated.is_some() { ", and the simulated value beside them shows how far that is off" } else { "" }
        );
    }
    let components: Vec<&Step> = x.steps.iter().filter(|s| s.rule == Rule::Component).collect();
    let names: Vec<String> = components.iter().map(|s| visible(&s.name).into_owned()).collect();
    let width = column_width(names.iter().map(String::as_str), 9);
    let _ = writeln!(w, "Components");
    for (s, name) in components.iter().zip(&names) {
        let _ = write!(
            w,
            "  {}  {} = {}   U = {}",
            pad_right(name, width),
            visible(&s.numbers),
            probability(s.availability),
            small(s.unavailability)
        );
        if let Some(e) = &s.simulated {
            let _ = write!(w, "   ({})", simulated(e));
        }
        if !s.approximate.is_empty() {
            let _ = write!(w, "   ≈ {}", s.approximate.iter().map(|a| visible(a).into_owned()).collect::<Vec<_>>().join(", "));
        }
        let _ = writeln!(w);
    }
    let mut said = Vec::new();
    let mut condition = String::new();
    for s in x.steps.iter().filter(|s| s.rule != Rule::Component) {
        if s.condition != condition {
            condition = s.condition.clone();
            if !condition.is_empty() {
                let _ = writeln!(w, "\nCase: {}", visible(&condition));
            }
        }
        let indent = if s.condition.is_empty() { "" } else { "  " };
        let _ = writeln!(w, "\n{indent}{} = {}   ({})", visible(&s.name), visible(&s.what), visible(&s.path));
        let _ = writeln!(w, "{indent}  {}", reason(s.rule));
        let _ = writeln!(w, "{indent}  {}", visible(&s.formula));
        if !s.numbers.is_empty() {
            let _ = writeln!(w, "{indent}    {}", visible(&s.numbers));
        }
        let _ = writeln!(w, "{indent}  ⇒ {}", result_line(s));
        if let Some(e) = &s.simulated {
            let _ = writeln!(w, "{indent}    {}", simulated(e));
        }
        for line in stops(x, s, &mut said) {
            let _ = writeln!(w, "{indent}  {line}");
        }
    }
    let e = &x.exact;
    let _ = writeln!(w, "\nSystem");
    let _ = writeln!(
        w,
        "  A = {}, U = {}: {:.2} nines, {} minutes of downtime a year",
        probability(e.availability),
        small(e.unavailability),
        -e.unavailability.log10(),
        number(e.unavailability * crate::units::MINUTES_PER_YEAR)
    );
    for line in approximate_system(x) {
        let _ = writeln!(w, "  {line}");
    }
    if let (Some(sim), Some(n)) = (&x.simulated, x.replications) {
        if x.approximate.is_empty() {
            let inside = sim.contains(e.unavailability, 0.95);
            let _ = writeln!(
                w,
                "  {} from {} replications: the exact value is {} its 95% CI",
                simulated(sim),
                count(n),
                if inside { "inside" } else { "outside" }
            );
        } else {
            let _ = writeln!(w, "  {} from {} replications{}", simulated(sim), count(n), ratio(e.unavailability, sim.mean));
        }
    }
    let _ = writeln!(
        w,
        "\nFailure frequency (the frequency–duration method)\n  \
         The system fails when a component fails while it is critical (the system is up and that\n  \
         component's failure alone takes it down). Component i is critical with probability B_i\n  \
         (its Birnbaum importance) and fails 1/(MTTF_i + MTTR_i) times per unit of time, so\n  \
         ω = Σ_i B_i / (MTTF_i + MTTR_i) = {} per year\n  \
         MTBF = 1/ω = {}, MUT = A/ω = {}, MDT = U/ω = {}",
        number(x.failure_frequency_per_year),
        e.mtbf().map_or("n/a".into(), |t| format!("{} {unit}", number(t))),
        e.mut_().map_or("n/a".into(), |t| format!("{} {unit}", number(t))),
        e.mdt().map_or("n/a".into(), |t| format!("{} {unit}", number(t)))
    );
    if !x.approximate.is_empty() {
        let _ = writeln!(w, "  ≈ approximate, as U above: the components are not independent");
    }
    if let Some(note) = &x.note {
        let _ = writeln!(w, "\nnote: {}", visible(note));
    }
    out
}

/// ": the approximate U is 1.8× the simulated", or nothing when the run saw no downtime.
fn ratio(approximate: f64, simulated: f64) -> String {
    if simulated > 0.0 { format!(": the approximate U is {:.2}× the simulated", approximate / simulated) } else { String::new() }
}

pub fn markdown(x: &Explanation) -> String {
    let unit = x.time_unit.symbol();
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "## Worked example: {}\n", md::text(&x.model.name));
    let _ = writeln!(
        w,
        "Each component alternates between up and down; over a long time it is up a fraction \
         $A = \\mathrm{{MTTF}} / (\\mathrm{{MTTF}} + \\mathrm{{MTTR}})$ of the time, whatever the shape of its \
         distributions (the alternating renewal theorem). Components are independent, so the rules of \
         probability combine them block by block, bottom-up.\n"
    );
    if !x.approximate.is_empty() {
        let _ = writeln!(
            w,
            "Here they are not all independent: {}. Where that touches a block the maths stops: the steps marked ≈ show what the formulas give if the components were independent.\n",
            md::prose(&x.approximate.iter().map(|d| d.what.clone()).collect::<Vec<_>>().join(", "), Line)
        );
    }
    let _ = writeln!(w, "### Components\n\n| component | A = MTTF / (MTTF + MTTR) | A | U | simulated U |\n|---|---|---:|---:|---:|");
    for s in x.steps.iter().filter(|s| s.rule == Rule::Component) {
        let _ = writeln!(
            w,
            "| {}{} | {} | {} | {} | {} |",
            md::code(&s.name, Cell),
            if s.approximate.is_empty() { "" } else { " ≈" },
            md::prose(&s.numbers, Cell),
            probability(s.availability),
            small(s.unavailability),
            s.simulated.as_ref().map_or(String::new(), |e| small(e.mean))
        );
    }
    let mut said = Vec::new();
    for s in x.steps.iter().filter(|s| s.rule != Rule::Component) {
        let case = if s.condition.is_empty() { String::new() } else { format!(" — case {}", md::prose(&s.condition, Line)) };
        let _ = writeln!(w, "\n### {} = {}{case}\n", md::text(&s.name), md::prose(&s.what, Line));
        let _ = writeln!(w, "{}\n", reason(s.rule));
        // A code block shows its lines literally; only a run of backticks as long as its fence
        // could end it early, and controls would still reach a terminal that prints it.
        let mut block = visible(&s.formula).into_owned();
        if !s.numbers.is_empty() {
            let _ = write!(block, "\n  {}", visible(&s.numbers));
        }
        let _ = write!(block, "\n⇒ {}", result_line(s));
        let fence = md::fence(&block);
        let _ = writeln!(w, "{fence}text\n{block}\n{fence}");
        if let Some(e) = &s.simulated {
            let _ = writeln!(w, "\nSimulation: {}.", simulated(e));
        }
        for line in stops(x, s, &mut said) {
            let _ = writeln!(w, "\n{}", md::prose(&line, Line));
        }
    }
    let e = &x.exact;
    let _ = writeln!(
        w,
        "\n### System\n\nA = {}, U = {} ({:.2} nines, {} min/year); ω = Σ B_i/(MTTF_i + MTTR_i) = {} per year, MTBF = {}, MDT = {}.",
        probability(e.availability),
        small(e.unavailability),
        -e.unavailability.log10(),
        number(e.unavailability * crate::units::MINUTES_PER_YEAR),
        number(x.failure_frequency_per_year),
        e.mtbf().map_or("n/a".into(), |t| format!("{} {unit}", number(t))),
        e.mdt().map_or("n/a".into(), |t| format!("{} {unit}", number(t)))
    );
    for line in approximate_system(x) {
        let _ = writeln!(w, "\n{}", md::prose(&line, Line));
    }
    if let Some(sim) = &x.simulated {
        let _ = writeln!(
            w,
            "\nSimulation: {}{}.",
            simulated(sim),
            if x.approximate.is_empty() { String::new() } else { ratio(e.unavailability, sim.mean) }
        );
    }
    if let Some(note) = &x.note {
        let _ = writeln!(w, "\n> {}", md::prose(note, Line));
    }
    out
}
