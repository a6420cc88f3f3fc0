//! What makes a model's components dependent, and so its structure-function figures (at each
//! component's own availability) an approximation.

use super::*;

/// One thing that makes the structure function at the components' own availabilities only an
/// approximation: what it is (as [`System::dependence`] words it), why, and the components it
/// touches.
#[derive(Debug, Clone, PartialEq)]
pub struct Dependence {
    /// What: "crew `dba` (1 for 2 components)", "common cause `bad-deploy`", ….
    pub what: String,
    /// Why the independent formula is off there.
    pub effect: &'static str,
    /// The components (indices) it touches.
    pub components: Vec<usize>,
}

impl Dependence {
    /// "what (effect)", for lists of reasons.
    pub fn describe(&self) -> String {
        format!("{}: {}", self.what, self.effect)
    }
}

/// What makes the components of `system` dependent, or gives them downtime their own laws do
/// not carry (planned maintenance, a crew's response delay): empty exactly when the structure
/// function at each component's own availability is the exact steady state. `depends_on` is
/// not among them: written into the structure it is exact.
pub fn dependences(system: &System) -> Vec<Dependence> {
    let components = system.components();
    let mut out = Vec::new();
    for (k, crew) in system.crews.iter().enumerate() {
        let members: Vec<usize> = (0..components.len()).filter(|&c| components[c].crew == Some(k as u32)).collect();
        if members.len() > crew.size as usize {
            out.push(Dependence {
                what: format!("crew `{}` ({} for {} components)", crew.id, crew.size, members.len()),
                effect: "its members queue for the repairers, so each is down longer than its own MTTR and their repairs are not independent",
                components: members,
            });
        } else if crew.response.is_some() && !members.is_empty() {
            out.push(Dependence {
                what: format!("crew `{}`'s response delay", crew.id),
                effect: "it adds to every repair, and the components' own MTTR leaves it out",
                components: members,
            });
        }
    }
    for s in &system.standbys {
        out.push(Dependence {
            what: format!("standby block at {}", system.blocks()[s.block as usize].path),
            effect: "a spare takes over only after a switchover that can fail, and a waiting spare ages at its own rate; the structure takes the units as a parallel block of independent units with instant, perfect failover",
            components: s.units.iter().map(|&u| u as usize).collect(),
        });
    }
    for cc in &system.common_causes {
        out.push(Dependence {
            what: format!("common cause `{}`", cc.id),
            effect: "its shocks fail the members together, and the members' own MTTF leaves them out",
            components: cc.members.iter().map(|&m| m as usize).collect(),
        });
    }
    let mut kinds: Vec<&str> = Vec::new();
    for c in components.iter().filter(|c| c.maintenance.is_some()) {
        if !kinds.contains(&c.kind_id.as_str()) {
            kinds.push(&c.kind_id);
            out.push(Dependence {
                what: format!("planned maintenance of `{}`", c.kind_id),
                effect: "its windows are downtime the component's own MTTF and MTTR leave out",
                components: (0..components.len()).filter(|&i| components[i].kind_id == c.kind_id).collect(),
            });
        }
    }
    out
}
