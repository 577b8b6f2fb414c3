fn main() {
    println!("recoup-tasks");
}
