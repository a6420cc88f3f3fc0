//! A reduced ordered binary decision diagram (Bryant 1986) of the structure function.
//!
//! Variable `x_i` is "component i is up"; the diagram's function is "the system is up". Shared
//! components are one variable, so the structure is never treated as a tree of independent
//! copies. Every probability the analysis needs is one pass over the nodes:
//! - P(up) and P(down) are computed separately, each a sum of positive terms, so a five-nines
//!   unavailability keeps its full relative precision (never 1 − A).
//! - Birnbaum importance of every component at once from the probability of reaching each node
//!   (the "derivative" pass of Rauzy's BDD algorithms, Rauzy 1993).

use std::collections::HashMap;

use super::AnalysisError;
use super::extended::Ext;

/// Index of a node. `FALSE` and `TRUE` are the terminals.
pub type NodeId = u32;
/// The constant "system down".
pub const FALSE: NodeId = 0;
/// The constant "system up".
pub const TRUE: NodeId = 1;

const TERMINAL_LEVEL: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct BddNode {
    /// Position of the variable in the order (terminals: `TERMINAL_LEVEL`).
    level: u32,
    /// Branch taken when the variable is 0 (component down).
    low: NodeId,
    /// Branch taken when the variable is 1 (component up).
    high: NodeId,
}

/// A function of the diagram laid out flat, children before parents: (variable, low, high)
/// as positions in this list, where 0 and 1 are the terminals.
#[derive(Debug, Clone)]
pub struct Flat {
    nodes: Vec<(u32, u32, u32)>,
    root: u32,
}

impl Flat {
    /// Number of nodes (terminals excluded).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// P(f) and P(¬f) given P(x_i = 1) = `p[i]` and P(x_i = 0) = `q[i]`, each a sum of
    /// positive terms.
    pub fn probability(&self, p: &[f64], q: &[f64]) -> (f64, f64) {
        let mut up = Vec::with_capacity(self.nodes.len() + 2);
        let mut down = Vec::with_capacity(self.nodes.len() + 2);
        up.extend([0.0, 1.0]);
        down.extend([1.0, 0.0]);
        for &(var, low, high) in &self.nodes {
            let (pi, qi) = (p[var as usize], q[var as usize]);
            up.push(pi * up[high as usize] + qi * up[low as usize]);
            down.push(pi * down[high as usize] + qi * down[low as usize]);
        }
        (up[self.root as usize], down[self.root as usize])
    }

    /// [`Flat::probability`] in extended range: the same figures, bit for bit, when they are
    /// within f64's range, and the right ones when they are not.
    pub fn probability_ext(&self, p: &[Ext], q: &[Ext]) -> (Ext, Ext) {
        let mut up = Vec::with_capacity(self.nodes.len() + 2);
        let mut down = Vec::with_capacity(self.nodes.len() + 2);
        up.extend([Ext::ZERO, Ext::ONE]);
        down.extend([Ext::ONE, Ext::ZERO]);
        for &(var, low, high) in &self.nodes {
            let (pi, qi) = (p[var as usize], q[var as usize]);
            up.push(pi.mul(up[high as usize]).add(qi.mul(up[low as usize])));
            down.push(pi.mul(down[high as usize]).add(qi.mul(down[low as usize])));
        }
        (up[self.root as usize], down[self.root as usize])
    }
}

/// A BDD manager: the unique table that keeps the diagram reduced and canonical.
#[derive(Debug)]
pub struct Bdd {
    nodes: Vec<BddNode>,
    unique: HashMap<(u32, NodeId, NodeId), NodeId>,
    ite_cache: HashMap<(NodeId, NodeId, NodeId), NodeId>,
    /// `var_of_level[l]` is the component tested at level l.
    var_of_level: Vec<u32>,
    level_of_var: Vec<u32>,
    max_nodes: usize,
}

impl Bdd {
    /// A manager for variables ordered as `order` (a permutation of the component indices).
    pub fn new(order: Vec<u32>, max_nodes: usize) -> Self {
        let mut level_of_var = vec![0; order.len()];
        for (level, &var) in order.iter().enumerate() {
            level_of_var[var as usize] = level as u32;
        }
        let terminal = BddNode { level: TERMINAL_LEVEL, low: 0, high: 0 };
        Self {
            nodes: vec![terminal, terminal],
            unique: HashMap::new(),
            ite_cache: HashMap::new(),
            var_of_level: order,
            level_of_var,
            max_nodes,
        }
    }

    /// Position of component `var` in the variable order.
    pub fn level(&self, var: u32) -> u32 {
        self.level_of_var[var as usize]
    }

    /// The function "component `var` is up".
    pub fn variable(&mut self, var: u32) -> Result<NodeId, AnalysisError> {
        let level = self.level_of_var[var as usize];
        self.make(level, FALSE, TRUE)
    }

    fn make(&mut self, level: u32, low: NodeId, high: NodeId) -> Result<NodeId, AnalysisError> {
        if low == high {
            return Ok(low);
        }
        if let Some(&id) = self.unique.get(&(level, low, high)) {
            return Ok(id);
        }
        if self.nodes.len() >= self.max_nodes {
            return Err(AnalysisError::TooLarge { what: "decision diagram nodes", limit: self.max_nodes });
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(BddNode { level, low, high });
        self.unique.insert((level, low, high), id);
        Ok(id)
    }

    /// if f then g else h: the one operation every other is built from. Its recursion on the
    /// cofactors is as deep as the diagram has levels (one per component: 60,000 for a wide
    /// parallel), so it runs on an explicit stack, in the order of the recursive definition
    /// (low branch, then high branch), which keeps node numbering, and so every sum over the
    /// nodes, the same.
    pub fn ite(&mut self, f: NodeId, g: NodeId, h: NodeId) -> Result<NodeId, AnalysisError> {
        enum Task {
            /// Compute ite(f, g, h) and push its result.
            Call(NodeId, NodeId, NodeId),
            /// Both branches of ite(f, g, h) at `level` are on the result stack (high on top).
            Make(NodeId, NodeId, NodeId, u32),
        }
        let mut tasks = vec![Task::Call(f, g, h)];
        let mut results: Vec<NodeId> = Vec::new();
        while let Some(task) = tasks.pop() {
            match task {
                Task::Call(f, g, h) => {
                    if let Some(r) = Self::ite_terminal(f, g, h).or_else(|| self.ite_cache.get(&(f, g, h)).copied()) {
                        results.push(r);
                        continue;
                    }
                    let level = [f, g, h].iter().map(|&n| self.nodes[n as usize].level).min().unwrap_or(TERMINAL_LEVEL);
                    let (f0, f1) = self.cofactors(f, level);
                    let (g0, g1) = self.cofactors(g, level);
                    let (h0, h1) = self.cofactors(h, level);
                    tasks.push(Task::Make(f, g, h, level));
                    tasks.push(Task::Call(f1, g1, h1));
                    tasks.push(Task::Call(f0, g0, h0));
                }
                Task::Make(f, g, h, level) => {
                    let (Some(high), Some(low)) = (results.pop(), results.pop()) else {
                        return Err(AnalysisError::Unsupported("the decision diagram lost a branch (a bug in ite)".into()));
                    };
                    let r = self.make(level, low, high)?;
                    // The cache only saves work: bound its memory by starting afresh when it is large.
                    if self.ite_cache.len() >= 1 << 22 {
                        self.ite_cache.clear();
                    }
                    self.ite_cache.insert((f, g, h), r);
                    results.push(r);
                }
            }
        }
        results.pop().ok_or_else(|| AnalysisError::Unsupported("the decision diagram lost a result (a bug in ite)".into()))
    }

    /// The cases of ite decided without looking below the top nodes.
    fn ite_terminal(f: NodeId, g: NodeId, h: NodeId) -> Option<NodeId> {
        match (f, g, h) {
            (TRUE, _, _) => Some(g),
            (FALSE, _, _) => Some(h),
            (_, TRUE, FALSE) => Some(f),
            _ if g == h => Some(g),
            _ => None,
        }
    }

    fn cofactors(&self, n: NodeId, level: u32) -> (NodeId, NodeId) {
        let node = self.nodes[n as usize];
        if node.level == level { (node.low, node.high) } else { (n, n) }
    }

    /// f ∧ g.
    pub fn and(&mut self, f: NodeId, g: NodeId) -> Result<NodeId, AnalysisError> {
        self.ite(f, g, FALSE)
    }

    /// f ∨ g.
    pub fn or(&mut self, f: NodeId, g: NodeId) -> Result<NodeId, AnalysisError> {
        self.ite(f, TRUE, g)
    }

    /// ¬f.
    pub fn not(&mut self, f: NodeId) -> Result<NodeId, AnalysisError> {
        self.ite(f, FALSE, TRUE)
    }

    /// "At least `k` of `fs` are true", by the dynamic programme
    /// T(j, m) = if fs[j] then T(j+1, m−1) else T(j+1, m), with T(·, 0) = true and
    /// T(j, m) = false when fewer than m functions remain: O(n·k) operations, never 2^n.
    pub fn at_least(&mut self, k: usize, fs: &[NodeId]) -> Result<NodeId, AnalysisError> {
        let n = fs.len();
        if k == 0 {
            return Ok(TRUE);
        }
        if k > n {
            return Ok(FALSE);
        }
        // next[m] = T(j+1, m), filled from the last function backwards.
        let mut next: Vec<NodeId> = (0..=k).map(|m| if m == 0 { TRUE } else { FALSE }).collect();
        for j in (0..n).rev() {
            let remaining = n - j;
            let mut current = vec![FALSE; k + 1];
            current[0] = TRUE;
            for m in 1..=k.min(remaining) {
                current[m] = self.ite(fs[j], next[m - 1], next[m])?;
            }
            next = current;
        }
        Ok(next[k])
    }

    /// "Σ w_j over the true f_j ≥ need" (a capacity vote), by the same recurrence as
    /// [`Bdd::at_least`] on the weight still needed: T(j, r) = ite(f_j, T(j+1, r − w_j), T(j+1, r)),
    /// true once r ≤ 0 and false once the weights left cannot reach r. Only the needs that
    /// occur are kept, at most `max_nodes` of them in all.
    pub fn at_least_weighted(&mut self, need: u64, weights: &[u64], fs: &[NodeId]) -> Result<NodeId, AnalysisError> {
        let n = fs.len();
        // left[j]: the weight of f_j … f_(n−1).
        let mut left = vec![0u64; n + 1];
        for j in (0..n).rev() {
            left[j] = left[j + 1].saturating_add(weights[j]);
        }
        // The needs that occur at each level, from the first function down.
        let mut needs: Vec<Vec<u64>> = vec![Vec::new(); n + 1];
        needs[0].push(need);
        let mut kept = 1usize;
        for j in 0..n {
            let mut next: Vec<u64> = Vec::new();
            for &r in &needs[j] {
                for r in [r.saturating_sub(weights[j]), r] {
                    if r > 0 && r <= left[j + 1] {
                        next.push(r);
                    }
                }
            }
            next.sort_unstable();
            next.dedup();
            kept += next.len();
            if kept > self.max_nodes {
                return Err(AnalysisError::TooLarge { what: "partial sums of a capacity vote's decision diagram", limit: self.max_nodes });
            }
            needs[j + 1] = next;
        }
        let value = |r: u64, j: usize, below: &std::collections::HashMap<u64, NodeId>| -> NodeId {
            if r == 0 {
                TRUE
            } else if r > left[j] {
                FALSE
            } else {
                below[&r]
            }
        };
        let mut below: std::collections::HashMap<u64, NodeId> = std::collections::HashMap::new();
        for j in (0..n).rev() {
            let mut current = std::collections::HashMap::with_capacity(needs[j].len());
            for &r in &needs[j] {
                let high = value(r.saturating_sub(weights[j]), j + 1, &below);
                let low = value(r, j + 1, &below);
                current.insert(r, self.ite(fs[j], high, low)?);
            }
            below = current;
        }
        Ok(value(need, 0, &below))
    }

    /// Probabilities of every node's function being true and false, given P(x_i = 1) = `p[i]`
    /// and P(x_i = 0) = `q[i]` (passed apart: 1 − p would lose the digits of a small q).
    /// Children always precede parents in the node list, so one forward pass does.
    pub fn probabilities(&self, p: &[f64], q: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let mut up = vec![0.0; self.nodes.len()];
        let mut down = vec![0.0; self.nodes.len()];
        up[TRUE as usize] = 1.0;
        down[FALSE as usize] = 1.0;
        for (i, node) in self.nodes.iter().enumerate().skip(2) {
            let var = self.var_of_level[node.level as usize] as usize;
            let (pi, qi) = (p[var], q[var]);
            up[i] = pi * up[node.high as usize] + qi * up[node.low as usize];
            down[i] = pi * down[node.high as usize] + qi * down[node.low as usize];
        }
        (up, down)
    }

    /// [`Bdd::probabilities`] in extended range.
    pub fn probabilities_ext(&self, p: &[Ext], q: &[Ext]) -> (Vec<Ext>, Vec<Ext>) {
        let mut up = vec![Ext::ZERO; self.nodes.len()];
        let mut down = vec![Ext::ZERO; self.nodes.len()];
        up[TRUE as usize] = Ext::ONE;
        down[FALSE as usize] = Ext::ONE;
        for (i, node) in self.nodes.iter().enumerate().skip(2) {
            let var = self.var_of_level[node.level as usize] as usize;
            let (pi, qi) = (p[var], q[var]);
            up[i] = pi.mul(up[node.high as usize]).add(qi.mul(up[node.low as usize]));
            down[i] = pi.mul(down[node.high as usize]).add(qi.mul(down[node.low as usize]));
        }
        (up, down)
    }

    /// [`Bdd::birnbaum`] in extended range: the same figures when they are within f64's range;
    /// the importance of a unit of a 1-of-200 parallel (10⁻⁵⁹⁷) when they are not.
    pub fn birnbaum_ext(&self, root: NodeId, p: &[Ext], q: &[Ext]) -> Vec<Ext> {
        let (up, down) = self.probabilities_ext(p, q);
        let half = Ext::from_f64(0.5);
        let mut reach = vec![Ext::ZERO; self.nodes.len()];
        reach[root as usize] = Ext::ONE;
        let mut importance = vec![Ext::ZERO; p.len()];
        for i in (2..=root as usize).rev() {
            let r = reach[i];
            if r.is_zero() {
                continue;
            }
            let node = self.nodes[i];
            let var = self.var_of_level[node.level as usize] as usize;
            let (h, l) = (node.high as usize, node.low as usize);
            let difference = if up[l].lt(half) { up[h].sub(up[l]) } else { down[l].sub(down[h]) };
            importance[var] = importance[var].add(r.mul(difference));
            reach[h] = reach[h].add(r.mul(p[var]));
            reach[l] = reach[l].add(r.mul(q[var]));
        }
        importance
    }

    /// P(f) and P(¬f) of the function rooted at `root`, in extended range.
    pub fn probability_ext(&self, root: NodeId, p: &[Ext], q: &[Ext]) -> (Ext, Ext) {
        self.flatten(root).probability_ext(p, q)
    }

    /// The nodes reachable from `root` (terminals excluded), children before parents.
    pub fn reachable(&self, root: NodeId) -> Vec<NodeId> {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![root];
        let mut nodes = Vec::new();
        while let Some(n) = stack.pop() {
            if n > TRUE && seen.insert(n) {
                nodes.push(n);
                let node = self.nodes[n as usize];
                stack.push(node.low);
                stack.push(node.high);
            }
        }
        // Node ids grow from children to parents.
        nodes.sort_unstable();
        nodes
    }

    /// P(f) and P(¬f) of the function rooted at `root`, visiting only the nodes below it.
    pub fn probability(&self, root: NodeId, p: &[f64], q: &[f64]) -> (f64, f64) {
        self.flatten(root).probability(p, q)
    }

    /// The function at `root` as a flat list, for evaluating it many times.
    pub fn flatten(&self, root: NodeId) -> Flat {
        let nodes = self.reachable(root);
        let position: std::collections::HashMap<NodeId, u32> =
            nodes.iter().enumerate().map(|(i, &n)| (n, i as u32 + 2)).chain([(FALSE, 0), (TRUE, 1)]).collect();
        let flat = nodes
            .iter()
            .map(|&n| {
                let node = self.nodes[n as usize];
                (self.var_of_level[node.level as usize], position[&node.low], position[&node.high])
            })
            .collect();
        Flat { nodes: flat, root: position[&root] }
    }

    /// Birnbaum importance ∂P(f)/∂p_i = P(f | x_i = 1) − P(f | x_i = 0) of every variable:
    /// the sum, over the nodes testing x_i, of (probability of reaching the node) × (difference
    /// of its branches). Each difference is taken from whichever of P(up) or P(down) is the
    /// smaller number, so it keeps its relative precision.
    pub fn birnbaum(&self, root: NodeId, p: &[f64], q: &[f64]) -> Vec<f64> {
        let (up, down) = self.probabilities(p, q);
        let mut reach = vec![0.0; self.nodes.len()];
        reach[root as usize] = 1.0;
        let mut importance = vec![0.0; p.len()];
        for i in (2..=root as usize).rev() {
            let r = reach[i];
            if r == 0.0 {
                continue;
            }
            let node = self.nodes[i];
            let var = self.var_of_level[node.level as usize] as usize;
            let (h, l) = (node.high as usize, node.low as usize);
            let difference = if up[l] < 0.5 { up[h] - up[l] } else { down[l] - down[h] };
            importance[var] += r * difference;
            reach[h] += r * p[var];
            reach[l] += r * q[var];
        }
        importance
    }

    /// Evaluates the function at `root` for one assignment (`up[i]`: x_i).
    pub fn eval(&self, root: NodeId, up: &[bool]) -> bool {
        let mut n = root;
        while n > TRUE {
            let node = self.nodes[n as usize];
            let var = self.var_of_level[node.level as usize] as usize;
            n = if up[var] { node.high } else { node.low };
        }
        n == TRUE
    }
}
